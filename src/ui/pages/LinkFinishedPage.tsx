/**
 * /link-finished, where the Microsoft sign-in popup ends up: it tells the profile page that
 * opened it how linking went, then closes. Opened on its own (no opener), it says so in words.
 */
import { useEffect } from "react";
import { Link, useSearchParams } from "react-router";
import { ERRORS } from "../../domain/errors.ts";

function messageFor(result: string): string {
  const known = Object.hasOwn(ERRORS, result) ? ERRORS[result as keyof typeof ERRORS] : undefined;
  return known?.message ?? "Linking your Microsoft calendar did not finish. Please try again.";
}

export function LinkFinishedPage() {
  const [params] = useSearchParams();
  const result = params.get("result") ?? "";
  const ok = result === "OK";
  const message = ok ? "Your Microsoft calendar is linked." : messageFor(result);

  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener) return;
    opener.postMessage({ type: "careroom:link-finished", ok, ...(ok ? {} : { message }) }, window.location.origin);
    window.close();
  }, [ok, message]);

  return (
    <main className="page narrow">
      <h1>Microsoft Calendar</h1>
      <p role={ok ? "status" : "alert"} data-testid="link-finished-message">
        {message}
      </p>
      <p>
        <Link to="/profile">Back to your profile</Link>
      </p>
    </main>
  );
}
