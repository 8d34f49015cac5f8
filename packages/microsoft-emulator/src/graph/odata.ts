// The OData query options and Prefer preferences the calendar endpoints honour: $select, $top,
// $skip, $orderby, $expand of extended properties, and Prefer outlook.timezone / odata.maxpagesize.
import { z } from "zod";
import { GraphError, graphErrors } from "./errors.ts";
import { parseExtendedPropertyFilter, type ExtendedPropertyFilter } from "./filter.ts";

const queryOptions = z.looseObject({
  $select: z.string().optional(),
  $top: z.string().regex(/^\d+$/, "Invalid $top").optional(),
  $skip: z.string().regex(/^\d+$/, "Invalid $skip").optional(),
  $filter: z.string().optional(),
  $orderby: z.string().optional(),
  $expand: z.string().optional(),
  $count: z.string().optional(),
});

export interface QueryOptions {
  select: string[] | null;
  top: number | null;
  skip: number;
  filter: ExtendedPropertyFilter | null;
  orderBy: { property: string; descending: boolean } | null;
  /** The extended property ids asked for with $expand=singleValueExtendedProperties($filter=id eq '...'). */
  expandExtendedProperties: ExtendedPropertyFilter | null;
}

/** Graph accepts $select and its friends with or without the "$"; this folds them together. */
function withDollarNames(query: unknown): Record<string, unknown> {
  const record = z.record(z.string(), z.unknown()).parse(query ?? {});
  const folded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const key = name.startsWith("$") ? name.toLowerCase() : `$${name.toLowerCase()}`;
    if (["$select", "$top", "$skip", "$filter", "$orderby", "$expand", "$count"].includes(key)) folded[key] = value;
    else folded[name] = value;
  }
  return folded;
}

export function parseQueryOptions(query: unknown, selectable: ReadonlySet<string>, type: string): QueryOptions {
  const parsed = queryOptions.safeParse(withDollarNames(query));
  if (!parsed.success) throw graphErrors.badRequest(parsed.error.issues[0]?.message ?? "Invalid query.");
  const options = parsed.data;
  const select = options.$select ? options.$select.split(",").map((name) => name.trim()).filter((name) => name.length > 0) : null;
  for (const name of select ?? []) if (!selectable.has(name)) throw graphErrors.unknownProperty(name, type);
  return {
    select,
    top: options.$top !== undefined ? Number(options.$top) : null,
    skip: options.$skip !== undefined ? Number(options.$skip) : 0,
    filter: options.$filter ? parseExtendedPropertyFilter(options.$filter) : null,
    orderBy: options.$orderby ? parseOrderBy(options.$orderby, selectable, type) : null,
    expandExtendedProperties: options.$expand ? parseExpand(options.$expand) : null,
  };
}

function parseOrderBy(text: string, selectable: ReadonlySet<string>, type: string): { property: string; descending: boolean } {
  const match = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  if (!match?.[1]) throw graphErrors.badRequest(`Invalid $orderby: ${text}`);
  const property = match[1];
  if (!selectable.has(property.split("/")[0] ?? property)) throw graphErrors.unknownProperty(property, type);
  return { property, descending: match[2]?.toLowerCase() === "desc" };
}

function parseExpand(text: string): ExtendedPropertyFilter {
  const match = /^\s*singleValueExtendedProperties\s*\(\s*\$filter\s*=\s*(.+)\)\s*$/i.exec(text);
  if (!match?.[1]) {
    if (/^\s*singleValueExtendedProperties\s*$/i.test(text)) {
      throw new GraphError(400, "ErrorInvalidRequest", "The $expand of singleValueExtendedProperties requires a $filter on id.");
    }
    throw graphErrors.badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${text.trim()}' on type 'microsoft.graph.event'.`);
  }
  return parseExtendedPropertyFilter(match[1], { bare: true });
}

export interface Preferences {
  timeZone: string | null;
  maxPageSize: number | null;
}

/** Reads every Prefer header (several may be sent, each possibly comma separated). */
export function parsePreferences(header: string | string[] | undefined): Preferences {
  const values = (Array.isArray(header) ? header : header ? [header] : []).flatMap((value) => value.split(/,(?=\s*[\w.]+=)/));
  let timeZone: string | null = null;
  let maxPageSize: number | null = null;
  for (const value of values) {
    const match = /^\s*([\w.]+)\s*=\s*"?([^"]*)"?\s*$/.exec(value);
    if (!match?.[1]) continue;
    const name = match[1].toLowerCase();
    if (name === "outlook.timezone") timeZone = match[2] ?? null;
    if (name === "odata.maxpagesize" && /^\d+$/.test(match[2] ?? "")) maxPageSize = Number(match[2]);
  }
  return { timeZone, maxPageSize };
}

/** Keeps only the selected properties (plus the annotations and id Graph always returns). */
export function applySelect(entity: Record<string, unknown>, select: readonly string[] | null): Record<string, unknown> {
  if (!select) return entity;
  const kept = new Set(select);
  // Outlook answers a $select of location with locations too (documented in event-get and list-events).
  if (kept.has("location")) kept.add("locations");
  return Object.fromEntries(Object.entries(entity).filter(([name]) => name.startsWith("@odata.") || name === "id" || kept.has(name) || name.startsWith("singleValueExtendedProperties")));
}

/** The same request URL with $skip moved forward: Graph's @odata.nextLink for events and calendarView. */
export function nextLinkWithSkip(baseUrl: string, path: string, query: Readonly<Record<string, unknown>>, skip: number): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name.toLowerCase() === "$skip" || name.toLowerCase() === "skip") continue;
    if (typeof value === "string") parameters.set(name, value);
  }
  parameters.set("$skip", String(skip));
  return `${baseUrl}${path}?${parameters.toString().replace(/%24/g, "$")}`;
}
