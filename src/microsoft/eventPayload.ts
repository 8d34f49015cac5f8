/**
 * Turns a provider-neutral event draft into the body Microsoft Graph expects, with the
 * hidden extended properties that let the product find its own events in any mailbox.
 */
import type { Event as GraphEvent } from "@microsoft/microsoft-graph-types";
import type { OutlookEventDraft } from "../domain/event.ts";

/** The product's own MAPI property set; the Name part is case sensitive for Microsoft. */
const PROPERTY_SET = "{6f1c7b1e-3d2a-4c55-9a0e-5b8f2d7c4e91}";
/** Carries the product's session id, so an event can be matched to its session. */
export const SESSION_PROPERTY_ID = `String ${PROPERTY_SET} Name SessionId`;
/** Carries a constant marker, so every event of ours is found with Microsoft's documented filter form. */
export const MANAGED_PROPERTY_ID = `String ${PROPERTY_SET} Name ManagedBy`;
export const MANAGED_MARKER = "careroom";

export function graphEventBody(draft: OutlookEventDraft, create?: { transactionId: string }): GraphEvent {
  const body: GraphEvent = {
    subject: draft.subject,
    body: { contentType: "html", content: draft.bodyHtml },
    start: draft.start,
    end: draft.end,
    location: { displayName: draft.location },
    showAs: draft.showAs,
    // No attendees ever: an attendee would make Outlook send invitation mail to a patient.
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
  };
  if (!create) return body;
  return {
    ...body,
    transactionId: create.transactionId,
    singleValueExtendedProperties: [
      { id: SESSION_PROPERTY_ID, value: draft.sessionId },
      { id: MANAGED_PROPERTY_ID, value: MANAGED_MARKER },
    ],
  };
}
