import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { windowsZoneToIana } from "windows-time-zones";
import { Temporal } from "temporal-polyfill";
import { MAX_SUBJECT_LENGTH, eventDraftHash, outlookEventFor, type EventContext, type OutlookEventDraft } from "../../../src/domain/event.ts";
import type { OrgId, Participant, PrivacyLevel, Session, SessionId, UserId } from "../../../src/domain/types.ts";

const ctx = (privacyLevel: PrivacyLevel): EventContext => ({ privacyLevel, productName: "CareRoom", appUrl: "https://care.example.org" });

function person(name: string): Participant {
  const handle = name.replace(/\W/g, "").toLowerCase() || "x";
  return { name, email: `${handle}@patients.example`, phone: "+15555550123" };
}

function session(overrides: Partial<Session> = {}): Session {
  return {
    id: "ses_1" as SessionId,
    orgId: "org_1" as OrgId,
    hostId: "usr_1" as UserId,
    title: "Intake",
    startsAt: new Date("2026-04-15T16:00:00Z"),
    durationMin: 45,
    timeZone: "America/New_York",
    notes: "Diagnosis: confidential",
    status: "scheduled",
    participants: [person("Jane Doe"), person("John Roe")],
    hostJoinToken: "host-tok-123",
    participantJoinToken: "part-tok-456",
    ...overrides,
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("outlookEventFor: subject by privacy level (S-SYNC-3)", () => {
  // prettier-ignore
  const table: Array<[label: string, overrides: Partial<Session>, minimal: string, initials: string, full: string]> = [
    ["two participants",            {},
      "Video session", "Video session – J.D., J.R.",   "Intake – Jane Doe, John Roe"],
    ["no participants",             { participants: [] },
      "Video session", "Video session",                "Intake"],
    ["one-word name; empty names skipped", { participants: [person("Cher"), person(""), person("   "), person("Jane Doe")] },
      "Video session", "Video session – C., J.D.",     "Intake – Cher, Jane Doe"],
    ["lower case, extra spaces",    { participants: [person("  jane   mary  doe ")] },
      "Video session", "Video session – J.M.D.",       "Intake – jane mary doe"],
    ["accents, decomposed or not",  { participants: [person("e\u0301mile Zola"), person("Ærø Østergaard")] },
      "Video session", "Video session – É.Z., Æ.Ø.",   "Intake – \u00e9mile Zola, Ærø Østergaard"],
    ["emoji never split",           { participants: [person("🙂 Jane"), person("👩‍⚕️"), person("Ana (Ann) Li")] },
      "Video session", "Video session – J., A.A.L.",   "Intake – 🙂 Jane, 👩‍⚕️, Ana (Ann) Li"],
    ["right-to-left names",         { participants: [person("محمد علي"), person("דוד לוי")] },
      "Video session", "Video session – م.ع., ד.ל.",   "Intake – محمد علي, דוד לוי"],
    ["direction overrides removed", { title: "\u202EIntake", participants: [person("\u202Egnp.exe Doe")] },
      "Video session", "Video session – G.D.",         "Intake – gnp.exe Doe"],
    ["title on one line",           { title: "Follow-up\n\tvisit " },
      "Video session", "Video session – J.D., J.R.",   "Follow-up visit – Jane Doe, John Roe"],
    ["blank title",                 { title: "  " },
      "Video session", "Video session – J.D., J.R.",   "Video session – Jane Doe, John Roe"],
  ];

  it.each(table)("%s", (_label, overrides, minimal, initials, full) => {
    const s = session(overrides);
    expect(outlookEventFor(s, ctx("minimal")).subject).toBe(minimal);
    expect(outlookEventFor(s, ctx("initials")).subject).toBe(initials);
    expect(outlookEventFor(s, ctx("full")).subject).toBe(full);
  });

  // prettier-ignore
  const long: Array<[label: string, overrides: Partial<Session>]> = [
    ["a long title",             { title: "x".repeat(300) }],
    ["a long title of emoji",    { title: "🙂".repeat(200) }],
    ["many participants",        { participants: Array.from({ length: 60 }, (_, i) => person(`Participant Number${i}`)) }],
  ];
  it.each(long)("caps %s at 255 characters without breaking a character", (_label, overrides) => {
    const { subject } = outlookEventFor(session(overrides), ctx("full"));
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.length).toBeGreaterThan(MAX_SUBJECT_LENGTH - 3);
    expect(subject.endsWith("…")).toBe(true);
    expect(subject).not.toMatch(LONE_SURROGATE);
  });
});

describe("outlookEventFor: the rest of the event", () => {
  it("is busy, in a video session, and names its session", () => {
    const draft = outlookEventFor(session(), ctx("minimal"));
    expect(draft).toMatchObject({ sessionId: "ses_1", location: "Video session", showAs: "busy" });
  });

  it("links the host join page and says where to edit", () => {
    const { bodyHtml } = outlookEventFor(session(), { privacyLevel: "minimal", productName: "Care & Co", appUrl: "https://care.example.org/" });
    expect(bodyHtml).toContain('<a href="https://care.example.org/room/host-tok-123">https://care.example.org/room/host-tok-123</a>');
    expect(bodyHtml).toContain("managed by Care &amp; Co");
    expect(bodyHtml).toContain("not synced back");
    expect(bodyHtml).toContain("edit the session in Care &amp; Co instead");
  });

  it.each<PrivacyLevel>(["minimal", "initials", "full"])("leaves out notes and the participants' join link (%s)", (level) => {
    const text = JSON.stringify(outlookEventFor(session(), ctx(level)));
    expect(text).not.toContain("Diagnosis");
    expect(text).not.toContain("part-tok-456");
  });

  it.each<[PrivacyLevel, string[], string[]]>([
    ["minimal",  [],                      ["Jane", "J.D.", "Intake"]],
    ["initials", ["J.D., J.R."],          ["Jane", "Intake"]],
    ["full",     ["Intake", "Jane Doe"],  []],
  ])("the body reveals no more than the subject (%s)", (level, shown, hidden) => {
    const { bodyHtml } = outlookEventFor(session(), ctx(level));
    for (const text of shown) expect(bodyHtml).toContain(text);
    for (const text of hidden) expect(bodyHtml).not.toContain(text);
  });

  it("escapes markup from the title and names in the body", () => {
    const attack = "<img src=x onerror=alert(1)>";
    const s = session({ title: attack, participants: [person(attack), person(`"><script>alert(2)</script>`)] });
    for (const level of ["initials", "full"] as const) {
      const { bodyHtml } = outlookEventFor(s, ctx(level));
      expect(bodyHtml).not.toMatch(/<(img|script)/);
      expect(new Set(bodyHtml.match(/<[a-z]+/g))).toEqual(new Set(["<p", "<a"]));
    }
    expect(outlookEventFor(s, ctx("full")).bodyHtml).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("keeps the join token inside the link's path", () => {
    const { bodyHtml } = outlookEventFor(session({ hostJoinToken: `a"b/../c?d` }), ctx("minimal"));
    expect(bodyHtml).toContain('href="https://care.example.org/room/a%22b%2F..%2Fc%3Fd"');
  });

  it("never lets a participant's e-mail or phone out, whatever the names and privacy level", () => {
    const participant = fc.record({
      name: fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("Jane Doe", "محمد علي", "🙂 Ana", "")),
      email: fc.option(fc.emailAddress(), { nil: null }),
      phone: fc.option(fc.stringMatching(/^\+[1-9][0-9]{9,13}$/), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(participant, { maxLength: 6 }),
        fc.string({ unit: "grapheme" }),
        fc.constantFrom<PrivacyLevel>("minimal", "initials", "full"),
        (participants, title, level) => {
          const secrets = participants.flatMap((p) => [p.email, p.phone]).filter((value) => value !== null);
          // A name or title that happens to contain a secret would be the user's own words, not a leak.
          fc.pre(secrets.every((secret) => ![title, ...participants.map((p) => p.name)].some((text) => text.includes(secret))));
          const text = JSON.stringify(outlookEventFor(session({ title, participants }), ctx(level)));
          for (const secret of secrets) {
            expect(text).not.toContain(secret);
            expect(text).not.toContain(secret.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("outlookEventFor: times and time zones", () => {
  // prettier-ignore
  const table: Array<[label: string, timeZone: string, startsAt: string, durationMin: number, start: string, end: string, outlookZone: string]> = [
    ["New York",                    "America/New_York",  "2026-04-15T16:00:00Z", 45, "2026-04-15T12:00:00", "2026-04-15T12:45:00", "Eastern Standard Time"],
    ["Detroit (not a Graph name)",  "America/Detroit",   "2026-04-15T16:00:00Z", 45, "2026-04-15T12:00:00", "2026-04-15T12:45:00", "Eastern Standard Time"],
    ["Ho Chi Minh City",            "Asia/Ho_Chi_Minh",  "2026-04-15T05:00:00Z", 30, "2026-04-15T12:00:00", "2026-04-15T12:30:00", "SE Asia Standard Time"],
    ["Kathmandu (+05:45)",          "Asia/Kathmandu",    "2026-04-15T06:15:00Z", 60, "2026-04-15T12:00:00", "2026-04-15T13:00:00", "Nepal Standard Time"],
    ["across midnight",             "Europe/Berlin",     "2026-12-31T22:30:00Z", 60, "2026-12-31T23:30:00", "2027-01-01T00:30:00", "W. Europe Standard Time"],
    ["clocks go forward inside",    "America/New_York",  "2026-03-08T06:30:00Z", 60, "2026-03-08T01:30:00", "2026-03-08T03:30:00", "Eastern Standard Time"],
    ["clocks go forward, London",   "Europe/London",     "2026-03-29T00:30:00Z", 60, "2026-03-29T00:30:00", "2026-03-29T02:30:00", "GMT Standard Time"],
    ["clocks go back inside",       "America/New_York",  "2026-11-01T04:00:00Z", 180, "2026-11-01T00:00:00", "2026-11-01T02:00:00", "Eastern Standard Time"],
    ["ends in the repeated hour",   "America/New_York",  "2026-11-01T04:30:00Z", 60, "2026-11-01T04:30:00", "2026-11-01T05:30:00", "UTC"],
    ["starts in the repeated hour", "America/New_York",  "2026-11-01T06:30:00Z", 60, "2026-11-01T06:30:00", "2026-11-01T07:30:00", "UTC"],
    ["unknown zone",                "Nowhere/Atlantis",  "2026-04-15T16:00:00Z", 45, "2026-04-15T16:00:00", "2026-04-15T16:45:00", "UTC"],
    ["UTC",                         "Etc/UTC",           "2026-04-15T16:00:00Z", 45, "2026-04-15T16:00:00", "2026-04-15T16:45:00", "UTC"],
    ["seconds kept, milliseconds dropped", "Asia/Kolkata", "2026-04-15T06:30:30.750Z", 10, "2026-04-15T12:00:30", "2026-04-15T12:10:30", "India Standard Time"],
  ];

  it.each(table)("%s", (_label, timeZone, startsAt, durationMin, start, end, outlookZone) => {
    const draft = outlookEventFor(session({ timeZone, startsAt: new Date(startsAt), durationMin }), ctx("minimal"));
    expect(draft.start).toEqual({ dateTime: start, timeZone: outlookZone });
    expect(draft.end).toEqual({ dateTime: end, timeZone: outlookZone });
  });

  it("always names a zone Microsoft knows, and the times mean the session's instants there", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2034-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 5, max: 600 }),
        (timeZone, startsAt, durationMin) => {
          const wholeSeconds = new Date(Math.floor(startsAt.getTime() / 1000) * 1000);
          const draft = outlookEventFor(session({ timeZone, startsAt: wholeSeconds, durationMin }), ctx("minimal"));
          expect(instantOf(draft.start)).toBe(wholeSeconds.toISOString().replace(".000", ""));
          expect(Temporal.Instant.from(`${instantOf(draft.end)}`).since(Temporal.Instant.from(instantOf(draft.start))).total("minutes")).toBe(durationMin);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Reads a draft time the way Outlook would: the wall clock in the named Windows zone (its representative IANA zone). */
function instantOf({ dateTime, timeZone }: OutlookEventDraft["start"]): string {
  const iana = windowsZoneToIana(timeZone);
  if (iana === undefined) throw new Error(`not a Windows zone: ${timeZone}`);
  return Temporal.PlainDateTime.from(dateTime).toZonedDateTime(iana, { disambiguation: "reject" }).toInstant().toString();
}

describe("eventDraftHash", () => {
  const draft = outlookEventFor(session(), ctx("initials"));

  it("is a sha256 in hex, the same for equal drafts whatever their key order", () => {
    const reordered: OutlookEventDraft = {
      showAs: draft.showAs,
      location: draft.location,
      end: { timeZone: draft.end.timeZone, dateTime: draft.end.dateTime },
      start: { timeZone: draft.start.timeZone, dateTime: draft.start.dateTime },
      bodyHtml: draft.bodyHtml,
      subject: draft.subject,
      sessionId: draft.sessionId,
    };
    expect(eventDraftHash(draft)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventDraftHash(reordered)).toBe(eventDraftHash(draft));
    expect(eventDraftHash(outlookEventFor(session(), ctx("initials")))).toBe(eventDraftHash(draft));
  });

  // prettier-ignore
  const changes: Array<[label: string, changed: OutlookEventDraft]> = [
    ["subject",     { ...draft, subject: `${draft.subject} ` }],
    ["body",        { ...draft, bodyHtml: `${draft.bodyHtml}<p></p>` }],
    ["start time",  { ...draft, start: { ...draft.start, dateTime: "2026-04-15T12:01:00" } }],
    ["end zone",    { ...draft, end: { ...draft.end, timeZone: "UTC" } }],
    ["session",     { ...draft, sessionId: "ses_2" as SessionId }],
  ];
  it.each(changes)("changes when the %s changes", (_label, changed) => {
    expect(eventDraftHash(changed)).not.toBe(eventDraftHash(draft));
  });

  it("changes when the session is moved, not when its notes change", () => {
    const moved = outlookEventFor(session({ startsAt: new Date("2026-04-15T17:00:00Z") }), ctx("initials"));
    const renoted = outlookEventFor(session({ notes: "other notes" }), ctx("initials"));
    expect(eventDraftHash(moved)).not.toBe(eventDraftHash(draft));
    expect(eventDraftHash(renoted)).toBe(eventDraftHash(draft));
  });
});
