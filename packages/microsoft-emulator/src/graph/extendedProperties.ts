// Single-value extended property ids ("String {guid} Name SessionId" / "String 0x1234"): the
// type and GUID compare case-insensitively, the Name part case-sensitively, as Exchange does.
import { graphErrors } from "./errors.ts";

const PROPERTY_ID = /^\s*(\w+)\s+(?:\{([0-9a-fA-F-]{36})\}\s+(Name|Id)\s+(.+?)|(0x[0-9a-fA-F]{1,4}))\s*$/;

interface ParsedId {
  type: string;
  guid: string | null;
  kind: string;
  name: string;
}

function parse(id: string): ParsedId | undefined {
  const match = PROPERTY_ID.exec(id);
  if (!match?.[1]) return undefined;
  if (match[5]) return { type: match[1].toLowerCase(), guid: null, kind: "tag", name: match[5].toLowerCase() };
  return { type: match[1].toLowerCase(), guid: (match[2] ?? "").toLowerCase(), kind: (match[3] ?? "").toLowerCase(), name: match[4] ?? "" };
}

/** The spelling Graph returns: type as given, GUID lower case. */
export function normaliseExtendedPropertyId(id: string): string {
  const match = PROPERTY_ID.exec(id);
  if (!match?.[1]) throw graphErrors.invalidRequest(`The extended property id '${id}' is not valid.`);
  if (match[5]) return `${match[1]} ${match[5]}`;
  return `${match[1]} {${(match[2] ?? "").toLowerCase()}} ${match[3]} ${match[4]}`;
}

export function sameExtendedPropertyId(left: string, right: string): boolean {
  const a = parse(left);
  const b = parse(right);
  if (!a || !b) return false;
  return a.type === b.type && a.guid === b.guid && a.kind === b.kind && a.name === b.name;
}
