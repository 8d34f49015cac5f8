/** Account Users: a placeholder until user management arrives with the per-user options (S-OPT-3). */
import { isAdmin, useMe } from "../auth.tsx";

export function AccountUsersPage() {
  const me = useMe();
  return (
    <>
      <h1>Account Users</h1>
      <p className="lead" data-testid="organization-name">
        {me.organization.name}
      </p>
      {isAdmin(me) ? (
        <p>Managing this organization’s users, and each user’s options, arrives with the options work. Nothing can be changed here yet.</p>
      ) : (
        <p className="notice">Only an Account Administrator can see and manage Account Users.</p>
      )}
    </>
  );
}
