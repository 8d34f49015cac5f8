// Event CRUD through Graph as Microsoft documents it: shapes, query options, extended properties, transactionId, If-Match, time zones.
import { describe, expect, it } from "vitest";
import { at, graph, signedInEmulator } from "./support/helpers.ts";

const PROPERTY = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name SessionId";

const emulator = signedInEmulator();

function sessionEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: "Video session",
    body: { contentType: "HTML", content: "Join <b>here</b>" },
    start: { dateTime: "2026-04-15T12:00:00", timeZone: "Pacific Standard Time" },
    end: { dateTime: "2026-04-15T12:30:00", timeZone: "Pacific Standard Time" },
    location: { displayName: "Online" },
    showAs: "busy",
    singleValueExtendedProperties: [{ id: PROPERTY, value: "session-1" }],
    ...overrides,
  };
}

describe("events", () => {
  it("creates an event with Graph's shape and answers in the zone it was written in", async () => {
    const created = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({ transactionId: "tx-1" }));
    expect(created.status).toBe(201);
    const body = created.body;
    expect(at(body, "@odata.etag")).toBe(`W/"${String(at(body, "changeKey"))}"`);
    expect(at(body, "start")).toEqual({ dateTime: "2026-04-15T12:00:00.0000000", timeZone: "Pacific Standard Time" });
    expect(at(body, "originalStartTimeZone")).toBe("Pacific Standard Time");
    expect(at(body, "body", "contentType")).toBe("html");
    expect(String(at(body, "body", "content"))).toMatch(/^<html>\r\n<head>[\s\S]*<body>\r\nJoin <b>here<\/b>\r\n<\/body>\r\n<\/html>\r\n$/);
    expect(at(body, "bodyPreview")).toBe("Join here");
    expect(at(body, "type")).toBe("singleInstance");
    expect(at(body, "reminderMinutesBeforeStart")).toBe(15);
    expect(at(body, "transactionId")).toBe("tx-1");
    expect(at(body, "location", "displayName")).toBe("Online");
    expect(at(body, "locations", 0, "displayName")).toBe("Online");
    expect(body).not.toHaveProperty("singleValueExtendedProperties");
    const id = String(at(body, "id"));
    expect(at(body, "webLink")).toBe(`${emulator.url}/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`);
    const page = await fetch(String(at(body, "webLink")));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Video session");

    const read = await graph(emulator.url, emulator.token, "GET", `/me/events/${encodeURIComponent(id)}`);
    expect(at(read.body, "start")).toEqual({ dateTime: "2026-04-15T19:00:00.0000000", timeZone: "UTC" });
    const preferred = await graph(emulator.url, emulator.token, "GET", `/me/events/${encodeURIComponent(id)}`, undefined, { Prefer: 'outlook.timezone="Eastern Standard Time"' });
    expect(at(preferred.body, "start")).toEqual({ dateTime: "2026-04-15T15:00:00.0000000", timeZone: "Eastern Standard Time" });
    expect(preferred.headers.get("preference-applied")).toBe('outlook.timezone="Eastern Standard Time"');
  });

  it("refuses a second create with the same transactionId", async () => {
    expect((await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({ transactionId: "tx-dup" }))).status).toBe(201);
    const again = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({ transactionId: "tx-dup" }));
    expect(again.status).toBe(400);
    expect(at(again.body, "error", "code")).toBe("ErrorDuplicateTransactionId");
    const list = await graph(emulator.url, emulator.token, "GET", "/me/events");
    expect((at(list.body, "value") as unknown[]).length).toBe(1);
  });

  it("returns extended properties only through $expand, and finds events by them", async () => {
    const created = await graph(emulator.url, emulator.token, "POST", "/me/calendar/events", sessionEvent());
    await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({ singleValueExtendedProperties: [{ id: PROPERTY, value: "session-2" }] }));
    const id = encodeURIComponent(String(at(created.body, "id")));
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${PROPERTY}')`);
    const expanded = await graph(emulator.url, emulator.token, "GET", `/me/events/${id}?$expand=${expand}`);
    expect(at(expanded.body, "singleValueExtendedProperties")).toEqual([{ id: PROPERTY, value: "session-1" }]);

    const filter = encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROPERTY}' and ep/value eq 'SESSION-1')`);
    const found = await graph(emulator.url, emulator.token, "GET", `/me/events?$filter=${filter}`);
    expect(found.status).toBe(200);
    expect((at(found.body, "value") as unknown[]).map((event) => at(event, "id"))).toEqual([at(created.body, "id")]);

    const wrongCase = encodeURIComponent(`singleValueExtendedProperties/any(ep: ep/id eq '${PROPERTY.replace("SessionId", "sessionid")}' and ep/value eq 'session-1')`);
    const none = await graph(emulator.url, emulator.token, "GET", `/me/events?$filter=${wrongCase}`);
    expect(at(none.body, "value")).toEqual([]);
  });

  it("pages with $top and @odata.nextLink, and honours $select", async () => {
    for (let index = 0; index < 5; index++) await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({ subject: `S${index}` }));
    const first = await graph(emulator.url, emulator.token, "GET", "/me/events?$top=2&$select=subject");
    expect((at(first.body, "value") as unknown[]).length).toBe(2);
    expect(Object.keys(at(first.body, "value", 0) as object).sort()).toEqual(["@odata.etag", "id", "subject"]);
    const subjects: unknown[] = [];
    let next: unknown = `${emulator.url}/v1.0/me/events?$top=2&$select=subject`;
    while (typeof next === "string") {
      const page = await fetch(next, { headers: { authorization: `Bearer ${emulator.token}` } });
      const body = (await page.json()) as Record<string, unknown>;
      subjects.push(...(body.value as unknown[]).map((event) => at(event, "subject")));
      next = body["@odata.nextLink"];
    }
    expect(subjects).toEqual(["S0", "S1", "S2", "S3", "S4"]);
    const none = await graph(emulator.url, emulator.token, "GET", "/me/events?$top=0");
    expect(at(none.body, "value")).toEqual([]);
    expect(at(none.body, "@odata.nextLink")).toBeUndefined();
    const unknownProperty = await graph(emulator.url, emulator.token, "GET", "/me/events?$select=nope");
    expect(unknownProperty.status).toBe(400);
  });

  it("updates with PATCH, changing the change key, and refuses a stale If-Match with 412", async () => {
    const created = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent());
    const id = encodeURIComponent(String(at(created.body, "id")));
    const etag = String(at(created.body, "@odata.etag"));
    const patched = await graph(emulator.url, emulator.token, "PATCH", `/me/events/${id}`, { subject: "Moved" }, { "If-Match": etag });
    expect(patched.status).toBe(200);
    expect(at(patched.body, "subject")).toBe("Moved");
    expect(at(patched.body, "location", "displayName")).toBe("Online");
    expect(at(patched.body, "changeKey")).not.toBe(at(created.body, "changeKey"));
    const stale = await graph(emulator.url, emulator.token, "PATCH", `/me/events/${id}`, { subject: "Again" }, { "If-Match": etag });
    expect(stale.status).toBe(412);
    expect(at(stale.body, "error", "code")).toBe("ErrorIrresolvableConflict");
  });

  it("deletes with 204, then answers ErrorItemNotFound exactly", async () => {
    const created = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent());
    const id = encodeURIComponent(String(at(created.body, "id")));
    expect((await graph(emulator.url, emulator.token, "DELETE", `/me/events/${id}`)).status).toBe(204);
    const missing = await graph(emulator.url, emulator.token, "GET", `/me/events/${id}`);
    expect(missing.status).toBe(404);
    expect(Object.keys(missing.body as object)).toEqual(["error"]);
    expect(at(missing.body, "error", "code")).toBe("ErrorItemNotFound");
    expect(at(missing.body, "error", "message")).toBe("The specified object was not found in the store.");
    expect(Object.keys(at(missing.body, "error", "innerError") as object).sort()).toEqual(["client-request-id", "date", "request-id"]);
    expect((await graph(emulator.url, emulator.token, "DELETE", `/me/events/${id}`)).status).toBe(404);
  });

  it("accepts Windows and listed IANA zones and refuses others with TimeZoneNotSupportedException", async () => {
    const iana = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({
      start: { dateTime: "2026-04-15T12:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-04-15T13:00:00", timeZone: "Europe/Berlin" },
    }));
    expect(iana.status).toBe(201);
    const refused = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({
      start: { dateTime: "2026-04-15T12:00:00", timeZone: "America/Detroit" },
      end: { dateTime: "2026-04-15T13:00:00", timeZone: "America/Detroit" },
    }));
    expect(refused.status).toBe(400);
    expect(at(refused.body, "error", "code")).toBe("TimeZoneNotSupportedException");
    expect(at(refused.body, "error", "message")).toBe("A valid TimeZone value must be specified. The following TimeZone value is not supported: 'America/Detroit'");
  });

  it("refuses properties the event type does not have", async () => {
    const response = await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent({ colour: "red" }));
    expect(response.status).toBe(400);
    expect(at(response.body, "error", "code")).toBe("RequestBodyRead");
  });

  it("scopes events to the calendar in the path", async () => {
    const calendars = await graph(emulator.url, emulator.token, "GET", "/me/calendars");
    const calendarId = encodeURIComponent(String(at(calendars.body, "value", 0, "id")));
    const created = await graph(emulator.url, emulator.token, "POST", `/me/calendars/${calendarId}/events`, sessionEvent());
    expect(created.status).toBe(201);
    const listed = await graph(emulator.url, emulator.token, "GET", `/me/calendars/${calendarId}/events`);
    expect((at(listed.body, "value") as unknown[]).length).toBe(1);
    const unknownCalendar = await graph(emulator.url, emulator.token, "GET", "/me/calendars/AAMkAGnope=/events");
    expect(unknownCalendar.status).toBe(404);
  });

  it("shows the owner's own events in the control API with their extended properties", async () => {
    await graph(emulator.url, emulator.token, "POST", "/me/events", sessionEvent());
    const owner = await fetch(`${emulator.url}/_emulator/mailboxes/iam.demo@outlook.test/events`);
    const body = (await owner.json()) as { value: Array<Record<string, unknown>> };
    expect(body.value).toHaveLength(1);
    expect(body.value[0]?.singleValueExtendedProperties).toEqual([{ id: PROPERTY, value: "session-1" }]);
  });
});
