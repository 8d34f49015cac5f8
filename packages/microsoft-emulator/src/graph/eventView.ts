// How Graph shows an event: the full default property set in Outlook's order and spellings
// (html bodies wrapped in a document, seven-digit fractions, locations filled in, webLink).
import type { Mailbox, StoredEvent, StoredLocation } from "../model.ts";
import { graphTimestamp } from "../dates.ts";
import { formatInZone, resolveZone, UTC_ZONE, type ResolvedZone } from "../timeZones.ts";
import type { ExtendedPropertyFilter } from "./filter.ts";

/** One appearance of an event in a calendar view: the event itself or an occurrence of a series. */
export interface Instance {
  id: string;
  event: StoredEvent;
  type: "singleInstance" | "seriesMaster" | "occurrence" | "exception";
  startMs: number;
  endMs: number;
  /** For occurrences and exceptions: the start the series gave it. */
  originalStartMs: number | null;
  /** For occurrences and exceptions: the series they belong to. */
  seriesMaster: StoredEvent | null;
  changeKey: string;
}

export interface RenderOptions {
  baseUrl: string;
  mailbox: Mailbox;
  /** The zone to express start/end in; null keeps each side in the zone it was written with. */
  zone: ResolvedZone | null;
  expand: ExtendedPropertyFilter | null;
}

const NEVER = "0001-01-01T00:00:00Z";

export function eventWebLink(baseUrl: string, id: string): string {
  return `${baseUrl}/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`;
}

export function etagOf(changeKey: string): string {
  return `W/"${changeKey}"`;
}

function htmlDocument(content: string): string {
  if (content.length === 0 || /<html[\s>]/i.test(content)) return content;
  return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${content}\r\n</body>\r\n</html>\r\n`;
}

export function bodyPreview(event: StoredEvent): string {
  const text = event.body.contentType === "html"
    ? event.body.content.replace(/<(head|style|script)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    : event.body.content;
  return text.replace(/\s+/g, " ").trim().slice(0, 255);
}

function renderLocation(location: StoredLocation | null): Record<string, unknown> {
  if (!location || location.displayName.length === 0) {
    return { displayName: "", locationType: "default", uniqueIdType: "unknown", address: {}, coordinates: {} };
  }
  return {
    displayName: location.displayName,
    locationType: location.locationType ?? "default",
    uniqueId: location.uniqueId ?? location.displayName,
    uniqueIdType: location.uniqueIdType ?? "private",
    ...(location.locationUri ? { locationUri: location.locationUri } : {}),
    ...(location.locationEmailAddress ? { locationEmailAddress: location.locationEmailAddress } : {}),
    ...(location.address ? { address: location.address } : {}),
    ...(location.coordinates ? { coordinates: location.coordinates } : {}),
  };
}

function renderSide(instantMs: number, written: { timeZone: string }, zone: ResolvedZone | null): { dateTime: string; timeZone: string } {
  const target = zone ?? resolveZone(written.timeZone) ?? UTC_ZONE;
  return { dateTime: formatInZone(instantMs, target), timeZone: target.label };
}

export function singleInstance(event: StoredEvent): Instance {
  return {
    id: event.id,
    event,
    type: event.recurrence ? "seriesMaster" : "singleInstance",
    startMs: event.startMs,
    endMs: event.endMs,
    originalStartMs: null,
    seriesMaster: null,
    changeKey: event.changeKey,
  };
}

export function renderInstance(instance: Instance, options: RenderOptions): Record<string, unknown> {
  const { event } = instance;
  const { mailbox, baseUrl } = options;
  const isOccurrence = instance.seriesMaster !== null;
  const rendered: Record<string, unknown> = {
    "@odata.etag": etagOf(instance.changeKey),
    id: instance.id,
    createdDateTime: graphTimestamp(event.createdDateTime),
    lastModifiedDateTime: graphTimestamp(event.lastModifiedDateTime),
    changeKey: instance.changeKey,
    categories: event.categories,
    transactionId: event.transactionId,
    originalStartTimeZone: event.start.timeZone,
    originalEndTimeZone: event.end.timeZone,
    iCalUId: event.iCalUId,
    reminderMinutesBeforeStart: event.reminderMinutesBeforeStart,
    isReminderOn: event.isReminderOn,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: bodyPreview(event),
    importance: event.importance,
    sensitivity: event.sensitivity,
    isAllDay: event.isAllDay,
    isCancelled: false,
    isOrganizer: true,
    responseRequested: event.responseRequested,
    seriesMasterId: instance.seriesMaster?.id ?? null,
    showAs: event.showAs,
    type: instance.type,
    webLink: eventWebLink(baseUrl, instance.id),
    onlineMeetingUrl: null,
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    allowNewTimeProposals: event.allowNewTimeProposals,
    isDraft: false,
    hideAttendees: event.hideAttendees,
    ...(isOccurrence && instance.originalStartMs !== null ? { originalStart: new Date(instance.originalStartMs).toISOString().replace(".000Z", "Z") } : {}),
    responseStatus: { response: "organizer", time: NEVER },
    body: { contentType: event.body.contentType, content: event.body.contentType === "html" ? htmlDocument(event.body.content) : event.body.content },
    start: renderSide(instance.startMs, event.start, options.zone),
    end: renderSide(instance.endMs, event.end, options.zone),
    location: renderLocation(event.location),
    locations: event.locations.map(renderLocation),
    recurrence: isOccurrence ? null : event.recurrence,
    attendees: event.attendees.map((attendee) => ({
      type: attendee.type,
      status: { response: "none", time: NEVER },
      emailAddress: { name: attendee.emailAddress.name ?? attendee.emailAddress.address ?? "", address: attendee.emailAddress.address ?? "" },
    })),
    organizer: { emailAddress: { name: mailbox.displayName, address: mailbox.address } },
    onlineMeeting: event.isOnlineMeeting ? { joinUrl: `${baseUrl}/meet/${encodeURIComponent(event.id)}` } : null,
  };
  if (options.expand) {
    const expand = options.expand;
    const matched = event.extendedProperties.filter((property) => expand.matchesProperty(property));
    if (matched.length > 0) {
      rendered["singleValueExtendedProperties@odata.context"] =
        `${baseUrl}/v1.0/$metadata#users('${mailbox.userId}')/events('${encodeURIComponent(instance.id)}')/singleValueExtendedProperties`;
      rendered.singleValueExtendedProperties = matched.map(({ id, value }) => ({ id, value }));
    }
  }
  return rendered;
}
