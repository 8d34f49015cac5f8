/**
 * Account Options → Scheduling, for Account Administrators (S-OPT-1): the organization's
 * "Enable Microsoft Calendar Integration" and "Can Users Override?", each saved on change.
 */
import { useQuery } from "@tanstack/react-query";
import { api, errorMessage, queryClient, queryKeys, type AccountSchedulingPatch } from "../api.ts";
import { isAdmin, useMe } from "../auth.tsx";
import { CollapsibleSection } from "../components/CollapsibleSection.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { YesNoAutosave } from "../components/YesNoAutosave.tsx";
import { useUnlinkConfirmedSave } from "../confirmUnlink.ts";

type AccountOption = "integrationEnabled" | "usersCanOverride";

export function AccountOptionsPage() {
  const me = useMe();
  if (!isAdmin(me)) {
    return (
      <>
        <h1>Account Options</h1>
        <p className="notice">Only an Account Administrator can see and change Account Options.</p>
      </>
    );
  }
  return <AccountOptions />;
}

function AccountOptions() {
  const options = useQuery({ queryKey: queryKeys.accountScheduling, queryFn: api.accountScheduling });
  const [dialog, saveConfirmed] = useUnlinkConfirmedSave();

  // One field per request, so each change is saved and audited on its own.
  const saver = (option: AccountOption) => (value: boolean) =>
    saveConfirmed(async (confirmUnlink) => {
      const patch: AccountSchedulingPatch = { [option]: value };
      const saved = await api.patchAccountScheduling(confirmUnlink ? { ...patch, confirmUnlink } : patch);
      queryClient.setQueryData(queryKeys.accountScheduling, saved);
      // Every user's effective value may follow the organization's.
      void queryClient.invalidateQueries({ queryKey: queryKeys.myScheduling });
      void queryClient.invalidateQueries({ queryKey: queryKeys.calendarLink });
    });

  return (
    <>
      <h1>Account Options</h1>
      <CollapsibleSection title="Scheduling">
        {options.error && <ErrorMessage message={errorMessage(options.error)} onRetry={() => void options.refetch()} />}
        {options.isPending && (
          <p className="loading" role="status">
            Loading…
          </p>
        )}
        {options.data && (
          <>
            <YesNoAutosave
              label="Enable Microsoft Calendar Integration"
              value={options.data.integrationEnabled}
              onSave={saver("integrationEnabled")}
              testId="option-integration"
            />
            <YesNoAutosave
              label="Can Users Override?"
              value={options.data.usersCanOverride}
              onSave={saver("usersCanOverride")}
              testId="option-users-can-override"
            />
          </>
        )}
      </CollapsibleSection>
      {dialog}
    </>
  );
}
