/**
 * The frame of every Account Administrator page: its heading, and for anyone else a notice
 * instead of the content. Hiding is a courtesy: the server refuses such users anyway.
 */
import type { ReactNode } from "react";
import { isAdmin, useMe } from "../auth.tsx";

export function AdminOnly({ title, what, children }: { title: string; what: string; children: ReactNode }) {
  const me = useMe();
  return (
    <>
      <h1>{title}</h1>
      {isAdmin(me) ? children : <p className="notice">Only an Account Administrator can see and change {what}.</p>}
    </>
  );
}
