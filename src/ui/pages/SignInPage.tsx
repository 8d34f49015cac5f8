/** Sign in with e-mail and password; afterwards go where the visitor was heading (the dashboard by default). */
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { api, errorMessage, fieldErrors, queryClient, queryKeys } from "../api.ts";
import { safeNextPath, useMeQuery } from "../auth.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Field } from "../components/Field.tsx";

export function SignInPage() {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get("next"));
  const me = useMeQuery();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: api.login,
    onSuccess: (signedIn) => {
      queryClient.setQueryData(queryKeys.me, signedIn);
      void navigate(next, { replace: true });
    },
  });

  if (me.data && !me.error) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  const errors = fieldErrors(login.error);

  return (
    <main className="page narrow sign-in">
      <h1>Sign in to CareRoom</h1>
      <form onSubmit={onSubmit} noValidate>
        {login.error && <ErrorMessage message={errorMessage(login.error)} />}
        <Field label="E-mail" error={errors.email}>
          {(control) => (
            <input {...control} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button primary" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
