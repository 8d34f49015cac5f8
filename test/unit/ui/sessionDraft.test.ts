import { describe, expect, it } from "vitest";
import type { SessionView } from "../../../src/server/contract.ts";
import { changedFields, draftToRequest, emptyParticipant, newSessionDraft, sessionToDraft, type SessionDraft } from "../../../src/ui/sessionDraft.ts";

const HOST = "3f1c2b5e-8d4a-4c6b-9e7f-1a2b3c4d5e6f";
const OTHER_HOST = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

const session: SessionView = {
  id: "0d9c8b7a-6f5e-4d3c-8b2a-190817263544",
  title: "Follow-up",
  host: { id: HOST, name: "Iam Demo" },
  hostedByMe: true,
  startsAt: "2026-03-09T18:30:00.000Z",
  endsAt: "2026-03-09T19:15:00.000Z",
  durationMin: 45,
  timeZone: "America/New_York",
  notes: null,
  status: "scheduled",
  participants: [{ name: "Jane Doe", email: "jane@example.org", phone: null }],
  hostJoinUrl: "/room/h",
  participantJoinUrl: "/room/p",
  sync: { state: "synced", message: null },
  series: null,
};

function requestOf(draft: SessionDraft) {
  const result = draftToRequest(draft);
  if (!("request" in result)) throw new Error(JSON.stringify(result.errors));
  return result.request;
}

describe("session drafts", () => {
  it("starts a new session at the next whole hour in the user's zone, hosted by a licensed user", () => {
    const draft = newSessionDraft({ id: HOST, licensed: true, timeZone: "Asia/Kolkata" }, Date.parse("2026-05-01T04:10:00Z"));
    expect(draft).toMatchObject({ hostId: HOST, date: "2026-05-01", time: "10:30", timeZone: "Asia/Kolkata", durationMin: "30" });
    expect(newSessionDraft({ id: HOST, licensed: false, timeZone: "UTC" }, 0).hostId).toBe("");
  });

  it("shows a session in its own zone's wall clock and converts it back to the same request", () => {
    const draft = sessionToDraft(session);
    expect(draft).toMatchObject({ date: "2026-03-09", time: "14:30", timeZone: "America/New_York", durationMin: "45", notes: "" });
    expect(requestOf(draft)).toEqual({
      title: "Follow-up",
      hostId: HOST,
      startsAt: "2026-03-09T18:30:00Z",
      durationMin: 45,
      timeZone: "America/New_York",
      notes: null,
      participants: [{ name: "Jane Doe", email: "jane@example.org", phone: null }],
    });
  });

  it("reports problems under the paths the server uses", () => {
    const draft: SessionDraft = {
      ...sessionToDraft(session),
      title: "  ",
      hostId: "",
      date: "2026-02-30",
      durationMin: "",
      participants: [{ ...emptyParticipant(), name: "", email: "not-an-address" }],
    };
    const result = draftToRequest(draft);
    expect("errors" in result && Object.keys(result.errors).sort()).toEqual(
      ["durationMin", "hostId", "participants.0.email", "participants.0.name", "startsAt", "title"].sort(),
    );
  });

  it("sends only what changed: a reschedule, a change of host", () => {
    const draft = sessionToDraft(session);
    const before = requestOf(draft);
    expect(changedFields(before, requestOf({ ...draft, time: "15:00", durationMin: "60" }))).toEqual({
      startsAt: "2026-03-09T19:00:00Z",
      durationMin: 60,
    });
    expect(changedFields(before, requestOf({ ...draft, hostId: OTHER_HOST }))).toEqual({ hostId: OTHER_HOST });
    expect(changedFields(before, requestOf({ ...draft, timeZone: "America/Detroit" }))).toEqual({ timeZone: "America/Detroit" });
    expect(changedFields(before, requestOf(draft))).toEqual({});
  });
});
