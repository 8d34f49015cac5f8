/**
 * The one form for creating and editing a session. It checks the draft against the
 * contract before sending, and shows the client's and the server's field messages in the
 * same places. `focus` puts the cursor where Reschedule or Change host leads. With
 * `initialRepeat` it also offers "Repeat" and hands back the repeat rule.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { RecurrenceRule } from "../../domain/recurrence/rule.ts";
import { NOTES_MAX, TITLE_MAX } from "../../server/contract.ts";
import { followDate, repeatToRule, type RepeatDraft } from "../repeatDraft.ts";
import { draftToRequest, type FieldErrors, type SessionDraft, type SessionRequest } from "../sessionDraft.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { Field } from "./Field.tsx";
import { ParticipantsFieldset } from "./ParticipantsFieldset.tsx";
import { RepeatFieldset } from "./RepeatFieldset.tsx";
import { TimeZoneSelect } from "./TimeZoneSelect.tsx";

export type FormFocus = "when" | "host";

interface SessionFormProps {
  initial: SessionDraft;
  hosts: ReadonlyArray<{ id: string; name: string }>;
  submitLabel: string;
  submitting: boolean;
  focus: FormFocus | null;
  serverErrors: FieldErrors;
  serverMessage: string | null;
  /** Null: the session does not offer "Repeat". */
  initialRepeat: RepeatDraft | null;
  onSubmit: (request: SessionRequest, rule: RecurrenceRule | null) => void;
}

export function SessionForm(props: SessionFormProps) {
  const { initial, hosts, submitLabel, submitting, focus, serverErrors, serverMessage, initialRepeat, onSubmit } = props;
  const [draft, setDraft] = useState(initial);
  const [repeat, setRepeat] = useState(initialRepeat);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const dateRef = useRef<HTMLInputElement>(null);
  const hostRef = useRef<HTMLSelectElement>(null);
  const errors = { ...serverErrors, ...clientErrors };
  const set = <K extends keyof SessionDraft>(key: K, value: SessionDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const changeDate = (date: string) => {
    setRepeat((current) => current && followDate(current, draft.date, date));
    set("date", date);
  };

  useEffect(() => {
    (focus === "host" ? hostRef : focus === "when" ? dateRef : null)?.current?.focus();
  }, [focus]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = draftToRequest(draft);
    const repeated = repeat ? repeatToRule(repeat, draft.date) : { rule: null };
    if ("errors" in result || "errors" in repeated) {
      setClientErrors({ ...("errors" in result ? result.errors : {}), ...("errors" in repeated ? repeated.errors : {}) });
      return;
    }
    setClientErrors({});
    onSubmit(result.request, repeated.rule);
  };

  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form className="session-form" onSubmit={submit} noValidate data-testid="session-form">
      {hasErrors && !serverMessage && <ErrorMessage message="Some fields need your attention." />}
      {serverMessage && <ErrorMessage message={serverMessage} />}
      <Field label="Title" error={errors.title}>
        {(control) => <input {...control} maxLength={TITLE_MAX} value={draft.title} onChange={(e) => set("title", e.target.value)} />}
      </Field>
      <Field label="Host" error={errors.hostId}>
        {(control) => (
          <select {...control} ref={hostRef} value={draft.hostId} onChange={(e) => set("hostId", e.target.value)}>
            {draft.hostId === "" && <option value="">Choose a host</option>}
            {hosts.map((host) => (
              <option key={host.id} value={host.id}>
                {host.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="when">
        <legend>When</legend>
        <div className="field-row">
          <Field label="Date" error={errors.startsAt}>
            {(control) => <input {...control} ref={dateRef} type="date" value={draft.date} onChange={(e) => changeDate(e.target.value)} />}
          </Field>
          <Field label="Start time">
            {(control) => <input {...control} type="time" value={draft.time} onChange={(e) => set("time", e.target.value)} />}
          </Field>
          <Field label="Time zone" error={errors.timeZone}>
            {(control) => <TimeZoneSelect control={control} value={draft.timeZone} onChange={(zone) => set("timeZone", zone)} />}
          </Field>
          <Field label="Duration (minutes)" error={errors.durationMin}>
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={5}
                max={720}
                step={5}
                value={draft.durationMin}
                onChange={(e) => set("durationMin", e.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      {repeat && (
        <RepeatFieldset repeat={repeat} date={draft.date} errors={errors} mayStop={initialRepeat?.frequency === "none"} onChange={setRepeat} />
      )}
      <ParticipantsFieldset participants={draft.participants} errors={errors} onChange={(participants) => set("participants", participants)} />
      <Field label="Notes" error={errors.notes}>
        {(control) => <textarea {...control} rows={4} maxLength={NOTES_MAX} value={draft.notes} onChange={(e) => set("notes", e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={submitting}>
          {submitLabel}
        </button>
        <Link to="/" className="button">
          Back to dashboard
        </Link>
      </div>
    </form>
  );
}
