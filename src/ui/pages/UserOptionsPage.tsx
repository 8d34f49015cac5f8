/**
 * Account Users → Options for one user (Account Administrators only). Scheduling holds the
 * administrator's "Enable Microsoft Calendar Integration" for this user (S-OPT-3); Roles and
 * licence and Account hold the rest. Every answer saves by itself, and one that would end
 * the user's calendar link asks first (S-OPT-6).
 */
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { AccountUser, UpdateUserRequest } from "../../server/contract.ts";
import { api, errorMessage, queryClient, queryKeys, type UserSchedulingPatch } from "../api.ts";
import { AdminOnly } from "../components/AdminOnly.tsx";
import { CollapsibleSection } from "../components/CollapsibleSection.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { ROLE_NAMES } from "../components/roleNames.ts";
import { YesNoAutosave } from "../components/YesNoAutosave.tsx";
import { useUnlinkConfirmedSave } from "../confirmUnlink.ts";

export function UserOptionsPage() {
  return (
    <AdminOnly title="User Options" what="other users' options">
      <UserOptions userId={useParams().id ?? ""} />
    </AdminOnly>
  );
}

function UserOptions({ userId }: { userId: string }) {
  const users = useQuery({ queryKey: queryKeys.accountUsers, queryFn: api.accountUsers });
  const scheduling = useQuery({ queryKey: queryKeys.userScheduling(userId), queryFn: () => api.userScheduling(userId) });
  const [dialog, saveConfirmed] = useUnlinkConfirmedSave();
  const user = users.data?.users.find((candidate) => candidate.id === userId);
  const error = scheduling.error ?? users.error;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.accountUsers });
    void queryClient.invalidateQueries({ queryKey: queryKeys.userScheduling(userId) });
    // The administrator may have changed themselves (their own link, their own licence).
    void queryClient.invalidateQueries({ queryKey: queryKeys.calendarLink });
  };
  const saveScheduling = (integrationAdmin: boolean | null) =>
    saveConfirmed(async (confirmUnlink) => {
      const patch: UserSchedulingPatch = confirmUnlink ? { integrationAdmin, confirmUnlink } : { integrationAdmin };
      queryClient.setQueryData(queryKeys.userScheduling(userId), await api.patchUserScheduling(userId, patch));
      refresh();
    });
  const saveUser = (change: UpdateUserRequest) =>
    saveConfirmed(async (confirmUnlink) => {
      await api.updateUser(userId, confirmUnlink ? { ...change, confirmUnlink } : change);
      refresh();
    });
  const withRole = (current: AccountUser, role: AccountUser["roles"][number], on: boolean) =>
    on ? [...current.roles, role] : current.roles.filter((r) => r !== role);

  return (
    <>
      <p className="lead" data-testid="user-options-name">
        {user?.name ?? scheduling.data?.user.name}
      </p>
      <p>
        <Link to="/account/users">Back to Account Users</Link>
      </p>
      {error && <ErrorMessage message={errorMessage(error)} onRetry={() => void Promise.all([users.refetch(), scheduling.refetch()])} />}
      {scheduling.data && (
        <CollapsibleSection title="Scheduling">
          <YesNoAutosave
            label="Enable Microsoft Calendar Integration"
            value={scheduling.data.integrationAdmin}
            onSave={saveScheduling}
            onClear={() => saveScheduling(null)}
            testId="option-integration"
          />
          <p className="hint" data-testid="option-integration-effective">
            “Not set” follows the user’s own choice or the organization’s. In effect for {scheduling.data.user.name}:{" "}
            {scheduling.data.effective ? "Yes" : "No"}
            {scheduling.data.effective && !scheduling.data.user.licensed && " (but without a licence they cannot link a calendar)"}
          </p>
        </CollapsibleSection>
      )}
      {user && (
        <CollapsibleSection title="Roles and licence">
          {(Object.keys(ROLE_NAMES) as AccountUser["roles"]).map((role) => (
            <YesNoAutosave
              key={role}
              label={ROLE_NAMES[role]}
              value={user.roles.includes(role)}
              onSave={(on) => saveUser({ roles: withRole(user, role, on) })}
              testId={`option-role-${role}`}
            />
          ))}
          <YesNoAutosave label="Licensed" value={user.licensed} onSave={(licensed) => saveUser({ licensed })} testId="option-licensed" />
        </CollapsibleSection>
      )}
      {user && (
        <CollapsibleSection title="Account">
          <YesNoAutosave label="Active (can sign in)" value={user.active} onSave={(active) => saveUser({ active })} testId="option-active" />
        </CollapsibleSection>
      )}
      {dialog}
    </>
  );
}
