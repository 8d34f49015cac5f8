/**
 * Account Options → Privacy: "What Outlook events show" (S-SYNC-3), saved on change like the
 * Scheduling options. The server rewrites every mirrored Outlook event after a change.
 */
import { useId, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { PrivacyPatch } from "../api.ts";
import { api, errorMessage, queryClient, queryKeys } from "../api.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";

type Level = PrivacyPatch["privacyLevel"];

const LEVELS: { level: Level; label: string }[] = [
  { level: "minimal", label: "Only “Video session” (recommended)" },
  { level: "initials", label: "“Video session” and the participants’ initials" },
  { level: "full", label: "The session title and the participants’ names" },
];

export function PrivacySection() {
  const id = useId();
  const privacy = useQuery({ queryKey: queryKeys.privacy, queryFn: api.privacy });
  const [chosen, setChosen] = useState<Level | null>(null);
  const save = useMutation({
    mutationFn: (privacyLevel: Level) => api.patchPrivacy({ privacyLevel }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.privacy, saved),
    onSettled: () => setChosen(null),
  });
  if (privacy.error) return <ErrorMessage message={errorMessage(privacy.error)} onRetry={() => void privacy.refetch()} />;
  if (!privacy.data) return <p className="loading">Loading…</p>;
  const shown = chosen ?? privacy.data.privacyLevel;
  return (
    <fieldset data-testid="option-privacy">
      <legend>What Outlook events show</legend>
      <p className="hint">Participants’ e-mail addresses and phone numbers never leave CareRoom.</p>
      {LEVELS.map(({ level, label }) => (
        <label key={level} className="radio">
          <input
            type="radio"
            name={id}
            value={level}
            checked={shown === level}
            onChange={() => {
              setChosen(level);
              save.mutate(level);
            }}
          />
          {label}
        </label>
      ))}
      <span className="save-status" role="status" data-testid="option-privacy-status">
        {save.isPending ? "Saving…" : save.isSuccess ? "Saved" : ""}
      </span>
      {save.error && <p className="field-error" role="alert">{errorMessage(save.error)}</p>}
    </fieldset>
  );
}
