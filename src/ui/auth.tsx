/**
 * Who is signed in. RequireSignIn loads Me once for every page behind it and sends a
 * signed-out visitor to /signin, remembering where they were going.
 */
import { createContext, use } from "react";
import { useQuery } from "@tanstack/react-query";
import { Navigate, Outlet, useLocation } from "react-router";
import type { Me } from "../server/contract.ts";
import { ApiError, api, errorMessage, queryKeys } from "./api.ts";
import { ErrorMessage } from "./components/ErrorMessage.tsx";

const MeContext = createContext<Me | null>(null);

/** The signed-in user; only for pages rendered inside RequireSignIn. */
export function useMe(): Me {
  const me = use(MeContext);
  if (!me) throw new Error("useMe is used outside RequireSignIn");
  return me;
}

export function useMeQuery() {
  return useQuery({ queryKey: queryKeys.me, queryFn: api.me, staleTime: 60_000 });
}

export function isAdmin(me: Me): boolean {
  return me.user.roles.includes("account_admin");
}

/** Only a path inside this site, so a crafted link cannot send someone elsewhere after sign-in. */
export function safeNextPath(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function RequireSignIn() {
  const location = useLocation();
  const me = useMeQuery();
  if (me.error instanceof ApiError && me.error.status === 401) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data) {
    return (
      <MeContext value={me.data}>
        <Outlet />
      </MeContext>
    );
  }
  if (me.error) {
    return (
      <main className="page narrow">
        <ErrorMessage message={errorMessage(me.error)} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  return <p className="loading" role="status">Loading…</p>;
}
