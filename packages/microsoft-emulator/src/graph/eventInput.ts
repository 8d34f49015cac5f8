// Reading an event body as Graph does: known properties only, enums case-insensitive, time zones
// checked against what Graph accepts, and the result applied to a stored event (create or PATCH).
import { z } from "zod";
import type { StoredEvent, StoredLocation, StoredRecurrence, WallClock } from "../model.ts";
import { isGraphDateTime, resolveZone, toInstantMs, UTC_ZONE } from "../timeZones.ts";
import { graphErrors } from "./errors.ts";
import { normaliseExtendedPropertyId, sameExtendedPropertyId } from "./extendedProperties.ts";

const FREE_BUSY = ["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"] as const;
const IMPORTANCE = ["low", "normal", "high"] as const;
const SENSITIVITY = ["normal", "personal", "private", "confidential"] as const;
const ATTENDEE_TYPES = ["required", "optional", "resource"] as const;
const BODY_TYPES = ["text", "html"] as const;
const LOCATION_TYPES = [
  "default",
  "conferenceRoom",
  "homeAddress",
  "businessAddress",
  "geoCoordinates",
  "streetAddress",
  "hotel",
  "restaurant",
  "localBusiness",
  "postalAddress",
] as const;
const UNIQUE_ID_TYPES = ["unknown", "locationStore", "directory", "private", "bing"] as const;
const ONLINE_MEETING_PROVIDERS = ["unknown", "skypeForBusiness", "skypeForConsumer", "teamsForBusiness"] as const;
const DAYS_OF_WEEK = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const PATTERN_TYPES = ["daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly"] as const;
const RANGE_TYPES = ["endDate", "noEnd", "numbered"] as const;
const WEEK_INDEXES = ["first", "second", "third", "fourth", "last"] as const;

/** Every property of microsoft.graph.event (and its bases) in the v1.0 metadata. */
export const EVENT_PROPERTIES: ReadonlySet<string> = new Set([
  "id", "categories", "changeKey", "createdDateTime", "lastModifiedDateTime", "allowNewTimeProposals", "attendees", "body",
  "bodyPreview", "cancelledOccurrences", "end", "hasAttachments", "hideAttendees", "iCalUId", "importance", "isAllDay",
  "isCancelled", "isDraft", "isOnlineMeeting", "isOrganizer", "isReminderOn", "location", "locations", "onlineMeeting",
  "onlineMeetingProvider", "onlineMeetingUrl", "organizer", "originalEndTimeZone", "originalStart", "originalStartTimeZone",
  "recurrence", "reminderMinutesBeforeStart", "responseRequested", "responseStatus", "sensitivity", "seriesMasterId", "showAs",
  "start", "subject", "transactionId", "type", "webLink", "attachments", "calendar", "exceptionOccurrences", "extensions",
  "instances", "multiValueExtendedProperties", "singleValueExtendedProperties",
]);

/** A string enum read case-insensitively ("HTML", "Monday"), answered in Graph's own spelling. */
function graphEnum<T extends string>(type: string, values: readonly T[]) {
  return z.string().transform((value, context): T => {
    const match = values.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      context.addIssue({ code: "custom", message: `Cannot convert the literal '${value}' to the expected type 'microsoft.graph.${type}'.` });
      return z.NEVER;
    }
    return match;
  });
}

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const emailAddress = z.object({ address: z.string().nullish(), name: z.string().nullish() });
const location = z.object({
  displayName: z.string().nullish(),
  locationType: graphEnum("locationType", LOCATION_TYPES).nullish(),
  locationEmailAddress: z.string().nullish(),
  locationUri: z.string().nullish(),
  uniqueId: z.string().nullish(),
  uniqueIdType: graphEnum("locationUniqueIdType", UNIQUE_ID_TYPES).nullish(),
  address: z.record(z.string(), z.string().nullable()).nullish(),
  coordinates: z.record(z.string(), z.number().nullable()).nullish(),
});
const recurrence = z.object({
  pattern: z.object({
    type: graphEnum("recurrencePatternType", PATTERN_TYPES),
    interval: z.number().int().min(1).default(1),
    month: z.number().int().min(0).max(12).default(0),
    dayOfMonth: z.number().int().min(0).max(31).default(0),
    daysOfWeek: z.array(graphEnum("dayOfWeek", DAYS_OF_WEEK)).default([]),
    firstDayOfWeek: graphEnum("dayOfWeek", DAYS_OF_WEEK).default("sunday"),
    index: graphEnum("weekIndex", WEEK_INDEXES).default("first"),
  }),
  range: z.object({
    type: graphEnum("recurrenceRangeType", RANGE_TYPES),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "startDate must be a date"),
    endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "endDate must be a date").nullish(),
    recurrenceTimeZone: z.string().nullish(),
    numberOfOccurrences: z.number().int().min(0).default(0),
  }),
});

export const eventInputSchema = z.object({
  subject: z.string().nullish(),
  body: z.object({ contentType: graphEnum("bodyType", BODY_TYPES).nullish(), content: z.string().nullish() }).nullish(),
  start: dateTimeTimeZone.optional(),
  end: dateTimeTimeZone.optional(),
  location: location.nullish(),
  locations: z.array(location).optional(),
  showAs: graphEnum("freeBusyStatus", FREE_BUSY).optional(),
  importance: graphEnum("importance", IMPORTANCE).optional(),
  sensitivity: graphEnum("sensitivity", SENSITIVITY).optional(),
  isAllDay: z.boolean().optional(),
  isReminderOn: z.boolean().optional(),
  reminderMinutesBeforeStart: z.number().int().optional(),
  categories: z.array(z.string()).optional(),
  attendees: z.array(z.object({ emailAddress, type: graphEnum("attendeeType", ATTENDEE_TYPES).nullish() })).optional(),
  recurrence: recurrence.nullish(),
  allowNewTimeProposals: z.boolean().optional(),
  responseRequested: z.boolean().optional(),
  hideAttendees: z.boolean().optional(),
  isOnlineMeeting: z.boolean().optional(),
  onlineMeetingProvider: graphEnum("onlineMeetingProviderType", ONLINE_MEETING_PROVIDERS).optional(),
  transactionId: z.string().nullish(),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string() })).optional(),
});
export type EventInput = z.infer<typeof eventInputSchema>;

/** Parses a request body as an event, refusing properties the event type does not have. */
export function parseEventInput(body: unknown): EventInput {
  const record = z.record(z.string(), z.unknown()).safeParse(body ?? {});
  if (!record.success) throw graphErrors.badRequest("Empty Payload. JSON content expected.");
  for (const name of Object.keys(record.data)) {
    if (!name.startsWith("@odata.") && !EVENT_PROPERTIES.has(name)) {
      throw graphErrors.requestBodyRead(
        `The property '${name}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  const parsed = eventInputSchema.safeParse(record.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw graphErrors.requestBodyRead(issue ? `${issue.message} (${issue.path.join(".")})` : "Invalid request body.");
  }
  return parsed.data;
}

function wallClock(value: { dateTime: string; timeZone?: string | null | undefined }): { clock: WallClock; instant: number } {
  const label = value.timeZone ?? "UTC";
  const zone = resolveZone(label);
  if (!zone) throw graphErrors.timeZoneNotSupported(label);
  if (!isGraphDateTime(value.dateTime)) throw graphErrors.requestBodyRead(`Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.String'.`);
  return { clock: { dateTime: value.dateTime.trim().slice(0, 19), timeZone: zone.label }, instant: toInstantMs(value.dateTime, zone) };
}

function storedLocation(input: z.infer<typeof location>): StoredLocation {
  const stored: StoredLocation = { displayName: input.displayName ?? "" };
  if (input.locationType) stored.locationType = input.locationType;
  if (input.locationEmailAddress) stored.locationEmailAddress = input.locationEmailAddress;
  if (input.locationUri) stored.locationUri = input.locationUri;
  if (input.uniqueId) stored.uniqueId = input.uniqueId;
  if (input.uniqueIdType) stored.uniqueIdType = input.uniqueIdType;
  if (input.address) stored.address = Object.fromEntries(Object.entries(input.address).filter((entry): entry is [string, string] => entry[1] !== null));
  if (input.coordinates) stored.coordinates = Object.fromEntries(Object.entries(input.coordinates).filter((entry): entry is [string, number] => entry[1] !== null));
  return stored;
}

function storedRecurrence(input: z.infer<typeof recurrence>, startZone: string): StoredRecurrence {
  const timeZone = input.range.recurrenceTimeZone ?? startZone;
  if (!resolveZone(timeZone)) throw graphErrors.timeZoneNotSupported(timeZone);
  if (input.range.type === "endDate" && !input.range.endDate) throw graphErrors.invalidRequest("The recurrence range needs an endDate.");
  if (input.range.type === "numbered" && input.range.numberOfOccurrences < 1) {
    throw graphErrors.invalidRequest("The recurrence range needs numberOfOccurrences.");
  }
  if ((input.pattern.type === "weekly" || input.pattern.type.startsWith("relative")) && input.pattern.daysOfWeek.length === 0) {
    throw graphErrors.invalidRequest("The recurrence pattern needs daysOfWeek.");
  }
  return {
    pattern: { ...input.pattern },
    range: {
      type: input.range.type,
      startDate: input.range.startDate,
      endDate: input.range.endDate ?? "0001-01-01",
      recurrenceTimeZone: timeZone,
      numberOfOccurrences: input.range.numberOfOccurrences,
    },
  };
}

/**
 * Applies a parsed body to an event being created (every field of `target` already holds a
 * default) or updated. Throws the Graph error the same body would get from Outlook.
 */
export function applyEventInput(target: StoredEvent, input: EventInput): void {
  if (input.subject !== undefined) target.subject = input.subject ?? "";
  if (input.body !== undefined) {
    target.body = { contentType: input.body?.contentType ?? "html", content: input.body?.content ?? "" };
  }
  if (input.start) {
    const start = wallClock(input.start);
    target.start = start.clock;
    target.startMs = start.instant;
  }
  if (input.end) {
    const end = wallClock(input.end);
    target.end = end.clock;
    target.endMs = end.instant;
  }
  if (input.locations !== undefined) {
    target.locations = input.locations.map(storedLocation);
    if (input.location === undefined) {
      const names = target.locations.map((item) => item.displayName).filter((name) => name.length > 0);
      target.location = names.length > 0 ? { displayName: names.join("; ") } : null;
    }
  }
  if (input.location !== undefined) {
    target.location = input.location && input.location.displayName ? storedLocation(input.location) : null;
    if (input.locations === undefined) target.locations = target.location ? [target.location] : [];
  }
  if (input.showAs !== undefined) target.showAs = input.showAs;
  if (input.importance !== undefined) target.importance = input.importance;
  if (input.sensitivity !== undefined) target.sensitivity = input.sensitivity;
  if (input.isAllDay !== undefined) target.isAllDay = input.isAllDay;
  if (input.isReminderOn !== undefined) target.isReminderOn = input.isReminderOn;
  if (input.reminderMinutesBeforeStart !== undefined) target.reminderMinutesBeforeStart = input.reminderMinutesBeforeStart;
  if (input.categories !== undefined) target.categories = [...input.categories];
  if (input.attendees !== undefined) {
    target.attendees = input.attendees.map((attendee) => ({
      emailAddress: { address: attendee.emailAddress.address ?? undefined, name: attendee.emailAddress.name ?? undefined },
      type: attendee.type ?? "required",
    }));
  }
  if (input.recurrence !== undefined) target.recurrence = input.recurrence ? storedRecurrence(input.recurrence, target.start.timeZone) : null;
  if (input.allowNewTimeProposals !== undefined) target.allowNewTimeProposals = input.allowNewTimeProposals;
  if (input.responseRequested !== undefined) target.responseRequested = input.responseRequested;
  if (input.hideAttendees !== undefined) target.hideAttendees = input.hideAttendees;
  if (input.isOnlineMeeting !== undefined) target.isOnlineMeeting = input.isOnlineMeeting;
  if (input.onlineMeetingProvider !== undefined) target.onlineMeetingProvider = input.onlineMeetingProvider;
  for (const property of input.singleValueExtendedProperties ?? []) {
    const id = normaliseExtendedPropertyId(property.id);
    const existing = target.extendedProperties.find((candidate) => sameExtendedPropertyId(candidate.id, id));
    if (existing) existing.value = property.value;
    else target.extendedProperties.push({ id, value: property.value });
  }
  if (target.isAllDay && (!target.start.dateTime.endsWith("T00:00:00") || !target.end.dateTime.endsWith("T00:00:00"))) {
    throw graphErrors.invalidRequest("Your request can't be completed. If the event is an all-day event, start and end times must be at midnight.");
  }
}

/** The defaults Outlook fills in for a new event, before the request body is applied. */
export function blankEventFields(): Omit<StoredEvent, "id" | "mailbox" | "calendarId" | "createdByClientId" | "createdDateTime" | "lastModifiedDateTime" | "changeKey" | "iCalUId" | "transactionId"> {
  return {
    subject: "",
    body: { contentType: "html", content: "" },
    start: { dateTime: "", timeZone: UTC_ZONE.label },
    end: { dateTime: "", timeZone: UTC_ZONE.label },
    startMs: 0,
    endMs: 0,
    location: null,
    locations: [],
    showAs: "busy",
    importance: "normal",
    sensitivity: "normal",
    isAllDay: false,
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    categories: [],
    attendees: [],
    recurrence: null,
    allowNewTimeProposals: true,
    responseRequested: true,
    hideAttendees: false,
    isOnlineMeeting: false,
    onlineMeetingProvider: "unknown",
    extendedProperties: [],
    exceptions: {},
  };
}
