/**
 * Account Users → "Add user": name, e-mail, initial password, roles and licence. The server
 * checks everything; its sentences are shown beside the fields.
 */
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { PASSWORD_MIN, type CreateUserRequest } from "../../server/contract.ts";
import { api, errorMessage, fieldErrors, queryClient, queryKeys } from "../api.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { Field } from "./Field.tsx";
import { ROLE_NAMES } from "./roleNames.ts";

type Role = keyof typeof ROLE_NAMES;
const EMPTY = { name: "", email: "", password: "", roles: [] as Role[], licensed: true };

export function AddUserForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [draft, setDraft] = useState(EMPTY);
  const add = useMutation({
    mutationFn: (body: CreateUserRequest) => api.createUser(body),
    onSuccess: (user) => {
      setDraft(EMPTY);
      void queryClient.invalidateQueries({ queryKey: queryKeys.accountUsers });
      onAdded(user.name);
    },
  });
  const errors = fieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(draft);
  };
  const toggleRole = (role: Role, on: boolean) =>
    setDraft({ ...draft, roles: on ? [...draft.roles, role] : draft.roles.filter((r) => r !== role) });

  return (
    <form onSubmit={submit} aria-label="Add user" data-testid="add-user-form">
      {add.error && Object.keys(errors).length === 0 && <ErrorMessage message={errorMessage(add.error)} />}
      <div className="field-row">
        <Field label="Name" error={errors.name}>
          {(control) => <input {...control} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />}
        </Field>
        <Field label="E-mail" error={errors.email}>
          {(control) => (
            <input {...control} type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} required />
          )}
        </Field>
        <Field label="Initial password" hint={`At least ${PASSWORD_MIN} characters. Tell the user in person.`} error={errors.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
              required
            />
          )}
        </Field>
      </div>
      <fieldset>
        <legend>Roles and licence</legend>
        {(Object.keys(ROLE_NAMES) as Role[]).map((role) => (
          <label key={role} className="checkbox">
            <input type="checkbox" checked={draft.roles.includes(role)} onChange={(e) => toggleRole(role, e.target.checked)} />
            {ROLE_NAMES[role]}
          </label>
        ))}
        <label className="checkbox">
          <input type="checkbox" checked={draft.licensed} onChange={(e) => setDraft({ ...draft, licensed: e.target.checked })} />
          Licensed (hosts sessions, may link a calendar)
        </label>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={add.isPending}>
          Add user
        </button>
      </div>
    </form>
  );
}
