/**
 * Account Options → Branding: the primary and secondary button colours and the logo text.
 * Saved with one button; Me is fetched again so every button takes the new colours at once.
 */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Branding } from "../../server/contract.ts";
import { api, errorMessage, fieldErrors, queryClient, queryKeys } from "../api.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { Field } from "./Field.tsx";

export function BrandingSection() {
  const branding = useQuery({ queryKey: queryKeys.branding, queryFn: api.branding });
  if (branding.error) return <ErrorMessage message={errorMessage(branding.error)} onRetry={() => void branding.refetch()} />;
  if (!branding.data) return <p className="loading">Loading…</p>;
  return <BrandingForm stored={branding.data} />;
}

const COLOURS = [
  { key: "primaryColor", label: "Primary button colour" },
  { key: "secondaryColor", label: "Secondary button colour" },
] as const;

function BrandingForm({ stored }: { stored: Branding }) {
  const [draft, setDraft] = useState(stored);
  const save = useMutation({
    mutationFn: () => api.patchBranding(draft),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.branding, saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Branding" data-testid="branding-form">
      <Field label="Logo text" error={errors.logoText}>
        {(control) => <input {...control} value={draft.logoText} onChange={(e) => setDraft({ ...draft, logoText: e.target.value })} />}
      </Field>
      <div className="field-row">
        {COLOURS.map(({ key, label }) => (
          <Field key={key} label={label} hint="A colour such as #1f6feb." error={errors[key]}>
            {(control) => (
              <span className="colour-input">
                <input {...control} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
                <span className="colour-swatch" style={{ background: /^#[0-9a-f]{6}$/i.test(draft[key]) ? draft[key] : "transparent" }} aria-hidden="true" />
              </span>
            )}
          </Field>
        ))}
      </div>
      {save.error && <ErrorMessage message={errorMessage(save.error)} />}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          Save branding
        </button>
        <button type="button" className="button secondary" onClick={() => setDraft(stored)}>
          Undo changes
        </button>
        <span className="save-status" role="status">
          {save.isSuccess && !save.isPending && "Saved"}
        </span>
      </div>
    </form>
  );
}
