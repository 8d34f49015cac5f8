/**
 * Account Users (Account Administrators only): every user of the organization with roles,
 * licence, status and calendar link, an "Options" button per user (S-OPT-3), and adding a user.
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { AccountUser } from "../../server/contract.ts";
import { api, errorMessage, queryKeys } from "../api.ts";
import { AddUserForm } from "../components/AddUserForm.tsx";
import { AdminOnly } from "../components/AdminOnly.tsx";
import { CollapsibleSection } from "../components/CollapsibleSection.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { ROLE_NAMES } from "../components/roleNames.ts";

export function AccountUsersPage() {
  return (
    <AdminOnly title="Account Users" what="Account Users">
      <AccountUsers />
    </AdminOnly>
  );
}

function AccountUsers() {
  const users = useQuery({ queryKey: queryKeys.accountUsers, queryFn: api.accountUsers });
  const [added, setAdded] = useState<string | null>(null);
  return (
    <>
      {users.error && <ErrorMessage message={errorMessage(users.error)} onRetry={() => void users.refetch()} />}
      {users.isPending && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {users.data && <UserTable users={users.data.users} />}
      <p role="status">{added && `${added} was added.`}</p>
      <CollapsibleSection title="Add user">
        <AddUserForm onAdded={setAdded} />
      </CollapsibleSection>
    </>
  );
}

function UserTable({ users }: { users: AccountUser[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="account-users">
        <caption className="visually-hidden">Users of this organization</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Roles</th>
            <th scope="col">Licensed</th>
            <th scope="col">Active</th>
            <th scope="col">Microsoft Calendar</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid={`user-row-${user.email}`}>
              <th scope="row">{user.name}</th>
              <td>{user.email}</td>
              <td>{user.roles.length === 0 ? "None" : user.roles.map((role) => ROLE_NAMES[role]).join(", ")}</td>
              <td>{user.licensed ? "Yes" : "No"}</td>
              <td>{user.active ? "Yes" : "No"}</td>
              <td>{linkWords(user.link)}</td>
              <td>
                <Link to={`/account/users/${user.id}`} className="button small secondary" aria-label={`Options for ${user.name}`}>
                  Options
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function linkWords(link: AccountUser["link"]): string {
  if (link === null) return "Not linked";
  if (link.state === "active") return `Linked (${link.mailboxAddress})`;
  if (link.state === "needs_relink") return `Needs relink (${link.mailboxAddress})`;
  return "Unlinking";
}
