-- The calendar page's items as JSON text, one per session and per cached Outlook event, kept
-- by the database in generated columns. A month holds about a thousand items: building them
-- on every read cost the embedded database about 3 ms and the web server about 2 ms and 2 MB
-- of garbage per request; now a write builds its row's item once.
-- The text is exactly what the API answers (CalendarItemSchema): to_json escapes the strings,
-- and instants are written as JavaScript's toISOString writes them. The functions depend on
-- their arguments alone (the format has no locale-dependent field, and the instant is turned
-- to UTC explicitly), so they may be declared immutable, as a generated column requires.
CREATE FUNCTION calendar_instant(t timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');--> statement-breakpoint
CREATE FUNCTION calendar_session_item(id uuid, title text, starts_at timestamptz, duration_min integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '{"kind":"session","id":"' || id::text || '","title":' || to_json(title)::text
    || ',"start":"' || calendar_instant(starts_at)
    || '","end":"' || calendar_instant(starts_at + make_interval(mins => duration_min)) || '"}';--> statement-breakpoint
CREATE FUNCTION calendar_outlook_item(id text, subject text, starts_at timestamptz, ends_at timestamptz, is_all_day boolean, web_link text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '{"kind":"outlook","id":' || to_json(id)::text || ',"title":' || to_json(subject)::text
    || ',"start":"' || calendar_instant(starts_at) || '","end":"' || calendar_instant(ends_at)
    || '","allDay":' || is_all_day::text || ',"webLink":' || coalesce(to_json(web_link)::text, 'null') || '}';--> statement-breakpoint
ALTER TABLE "external_events" ADD COLUMN "calendar_item" text GENERATED ALWAYS AS (calendar_outlook_item(remote_event_id, subject, starts_at, ends_at, is_all_day, web_link)) STORED;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "calendar_item" text GENERATED ALWAYS AS (calendar_session_item(id, title, starts_at, duration_min)) STORED;
