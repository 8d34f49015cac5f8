// Shared list machinery for event collections: render, $orderby, paging with $top/$skip and
// @odata.nextLink, $select, and the Preference-Applied header for outlook.timezone.
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox } from "../model.ts";
import { resolveZone, UTC_ZONE, type ResolvedZone } from "../timeZones.ts";
import { renderInstance, type Instance } from "./eventView.ts";
import { applySelect, nextLinkWithSkip, parsePreferences, type QueryOptions } from "./odata.ts";

const queryRecord = z.record(z.string(), z.unknown());
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

/** The zone asked for with Prefer: outlook.timezone (UTC when absent or not accepted), echoed in Preference-Applied. */
export function preferredZone(request: FastifyRequest, reply: FastifyReply): ResolvedZone {
  const { timeZone } = parsePreferences(request.headers.prefer);
  const zone = timeZone ? resolveZone(timeZone) : undefined;
  if (zone) reply.header("preference-applied", `outlook.timezone="${zone.label}"`);
  return zone ?? UTC_ZONE;
}

function valueAt(entity: Record<string, unknown>, path: string): unknown {
  let current: unknown = entity;
  for (const part of path.split("/")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function compare(left: unknown, right: unknown): number {
  if (typeof left === "number" && typeof right === "number") return left - right;
  return String(left ?? "").localeCompare(String(right ?? ""));
}

export interface PageRequest {
  context: EmulatorContext;
  request: FastifyRequest;
  mailbox: Mailbox;
  instances: readonly Instance[];
  options: QueryOptions;
  zone: ResolvedZone;
  odataContext: string;
}

export function renderPage(page: PageRequest): Record<string, unknown> {
  const { context, request, mailbox, options, zone } = page;
  const baseUrl = context.baseUrl();
  let rendered = page.instances.map((instance) => renderInstance(instance, { baseUrl, mailbox, zone, expand: options.expandExtendedProperties }));
  if (options.orderBy) {
    const { property, descending } = options.orderBy;
    rendered = [...rendered].sort((left, right) => compare(valueAt(left, property), valueAt(right, property)) * (descending ? -1 : 1));
  }
  const size = Math.min(options.top ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const slice = rendered.slice(options.skip, options.skip + size);
  const body: Record<string, unknown> = { "@odata.context": page.odataContext, value: slice.map((entity) => applySelect(entity, options.select)) };
  if (size > 0 && options.skip + size < rendered.length) {
    const path = request.url.split("?")[0] ?? "";
    body["@odata.nextLink"] = nextLinkWithSkip(baseUrl, path, queryRecord.parse(request.query ?? {}), options.skip + size);
  }
  return body;
}
