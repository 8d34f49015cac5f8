/** The participants of a session: a row each for name, e-mail and phone, added and removed freely. */
import { PARTICIPANTS_MAX } from "../../server/contract.ts";
import { emptyParticipant, type FieldErrors, type ParticipantDraft } from "../sessionDraft.ts";
import { Field } from "./Field.tsx";

interface ParticipantsFieldsetProps {
  participants: ParticipantDraft[];
  errors: FieldErrors;
  onChange: (participants: ParticipantDraft[]) => void;
}

export function ParticipantsFieldset({ participants, errors, onChange }: ParticipantsFieldsetProps) {
  const update = (key: string, change: Partial<ParticipantDraft>) =>
    onChange(participants.map((participant) => (participant.key === key ? { ...participant, ...change } : participant)));
  const remove = (key: string) => onChange(participants.filter((participant) => participant.key !== key));

  return (
    <fieldset className="participants">
      <legend>Participants</legend>
      {participants.length === 0 && <p className="hint">No participants yet.</p>}
      {errors.participants && <p className="field-error">{errors.participants}</p>}
      {participants.map((participant, index) => {
        const number = index + 1;
        const fieldError = (name: string) => errors[`participants.${index}.${name}`];
        return (
          <fieldset key={participant.key} className="participant-row" data-testid="participant-row">
            <legend>Participant {number}</legend>
            <Field label="Name" error={fieldError("name")}>
              {(control) => (
                <input {...control} autoComplete="off" value={participant.name} onChange={(e) => update(participant.key, { name: e.target.value })} />
              )}
            </Field>
            <Field label="E-mail" error={fieldError("email")}>
              {(control) => (
                <input {...control} type="email" autoComplete="off" value={participant.email} onChange={(e) => update(participant.key, { email: e.target.value })} />
              )}
            </Field>
            <Field label="Phone" error={fieldError("phone")}>
              {(control) => (
                <input {...control} type="tel" autoComplete="off" value={participant.phone} onChange={(e) => update(participant.key, { phone: e.target.value })} />
              )}
            </Field>
            <button type="button" className="button small" aria-label={`Remove participant ${number}`} onClick={() => remove(participant.key)}>
              Remove
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button"
        disabled={participants.length >= PARTICIPANTS_MAX}
        onClick={() => onChange([...participants, emptyParticipant()])}
      >
        Add participant
      </button>
    </fieldset>
  );
}
