/**
 * The audit log (Account Administrators only, S-RUN-3): who did what and when, newest
 * first, filterable by user and kind, older entries page by page.
 */
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AuditEntry, AuditQuery } from "../../server/contract.ts";
import { api, errorMessage, queryKeys } from "../api.ts";
import { useMe } from "../auth.tsx";
import { AdminOnly } from "../components/AdminOnly.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Field } from "../components/Field.tsx";

export function AuditLogPage() {
  return (
    <AdminOnly title="Audit Log" what="the audit log">
      <AuditLog />
    </AdminOnly>
  );
}

function AuditLog() {
  const me = useMe();
  const [filter, setFilter] = useState<{ userId?: string; kind?: string }>({});
  // Ids where each page shown so far started; the last one is the current page.
  const [pages, setPages] = useState<number[]>([]);
  const query: AuditQuery = { ...filter, ...(pages.length > 0 ? { before: pages.at(-1) } : {}) };
  const audit = useQuery({ queryKey: queryKeys.audit(query), queryFn: () => api.audit(query), placeholderData: keepPreviousData });
  const users = useQuery({ queryKey: queryKeys.accountUsers, queryFn: api.accountUsers });
  const nextBefore = audit.data?.nextBefore;
  const refilter = (change: { userId?: string; kind?: string }) => {
    setFilter(Object.fromEntries(Object.entries({ ...filter, ...change }).filter(([, value]) => value !== "")));
    setPages([]);
  };

  return (
    <>
      <div className="field-row audit-filters">
        <Field label="User">
          {(control) => (
            <select {...control} value={filter.userId ?? ""} onChange={(e) => refilter({ userId: e.target.value })}>
              <option value="">Everyone</option>
              {users.data?.users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="What">
          {(control) => (
            <select {...control} value={filter.kind ?? ""} onChange={(e) => refilter({ kind: e.target.value })}>
              <option value="">Everything</option>
              {audit.data?.kinds.map(({ kind, what }) => (
                <option key={kind} value={kind}>
                  {what}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {audit.error && <ErrorMessage message={errorMessage(audit.error)} onRetry={() => void audit.refetch()} />}
      {audit.data && audit.data.entries.length === 0 && <p className="empty">Nothing has been recorded that matches.</p>}
      {audit.data && audit.data.entries.length > 0 && <AuditTable entries={audit.data.entries} timeZone={me.user.timeZone} />}
      <div className="form-actions">
        {pages.length > 0 && (
          <button type="button" className="button" onClick={() => setPages(pages.slice(0, -1))}>
            Newer entries
          </button>
        )}
        {nextBefore != null && (
          <button type="button" className="button" onClick={() => setPages([...pages, nextBefore])}>
            Older entries
          </button>
        )}
      </div>
    </>
  );
}

function AuditTable({ entries, timeZone }: { entries: AuditEntry[]; timeZone: string }) {
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="audit-log">
        <caption className="visually-hidden">Audit log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">About</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time>
              </td>
              <td>{entry.actor?.name ?? "CareRoom"}</td>
              <td>{entry.what}</td>
              <td>{entry.subjectUser?.name ?? ""}</td>
              <td className="audit-details">{describeDetails(entry.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "before: No · after: Yes": plain text, never markup. */
function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${describeValue(value)}`)
    .join(" · ");
}

function describeValue(value: unknown): string {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (value === null || value === undefined) return "Not set";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(describeValue).join(", ");
  return `{ ${describeDetails(value as Record<string, unknown>)} }`;
}
