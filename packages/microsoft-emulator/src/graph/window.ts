// The time window of calendarView and its delta: startDateTime/endDateTime query parameters
// (names case-insensitive, ISO 8601, UTC when no offset is given), both required.
import { z } from "zod";
import { GraphError } from "./errors.ts";

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const missingWindow = () =>
  new GraphError(
    400,
    "ErrorInvalidParameter",
    "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
  );

function instantOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!ISO_DATE_TIME.test(trimmed)) return undefined;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(withZone.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads the window, or undefined when neither bound is present. */
function parseWindow(query: unknown): TimeWindow | undefined {
  const record = z.record(z.string(), z.unknown()).parse(query ?? {});
  const lookup = (name: string) => {
    const entry = Object.entries(record).find(([key]) => key.toLowerCase() === name);
    return typeof entry?.[1] === "string" ? entry[1] : undefined;
  };
  const start = lookup("startdatetime");
  const end = lookup("enddatetime");
  if (start === undefined && end === undefined) return undefined;
  const startMs = instantOf(start);
  const endMs = instantOf(end);
  if (startMs === undefined || endMs === undefined) throw missingWindow();
  if (endMs <= startMs) throw new GraphError(400, "ErrorInvalidParameter", "The value of the EndDateTime parameter must be later than StartDateTime.");
  return { startMs, endMs };
}

export function requireWindow(query: unknown): TimeWindow {
  const window = parseWindow(query);
  if (!window) throw missingWindow();
  return window;
}
