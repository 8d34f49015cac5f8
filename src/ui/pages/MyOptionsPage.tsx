/** My Options → Scheduling: the user's own "Enable Microsoft Calendar Integration" (S-OPT-2). */
import { useQuery } from "@tanstack/react-query";
import { api, errorMessage, queryClient, queryKeys } from "../api.ts";
import { CollapsibleSection } from "../components/CollapsibleSection.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { YesNoAutosave } from "../components/YesNoAutosave.tsx";
import { useUnlinkConfirmedSave } from "../confirmUnlink.ts";

export function MyOptionsPage() {
  const options = useQuery({ queryKey: queryKeys.myScheduling, queryFn: api.myScheduling });
  const [dialog, saveConfirmed] = useUnlinkConfirmedSave();

  const save = (integrationSelf: boolean) =>
    saveConfirmed(async (confirmUnlink) => {
      const saved = await api.patchMyScheduling(confirmUnlink ? { integrationSelf, confirmUnlink } : { integrationSelf });
      queryClient.setQueryData(queryKeys.myScheduling, saved);
      // Whether "Link Microsoft Calendar" is offered follows the effective value.
      void queryClient.invalidateQueries({ queryKey: queryKeys.calendarLink });
    });

  return (
    <>
      <h1>My Options</h1>
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
              // Read-only, the control shows what applies; editable, the user's own choice (or what applies until they choose).
              value={options.data.editable ? (options.data.integrationSelf ?? options.data.effective) : options.data.effective}
              readOnlyReason={options.data.editable ? null : (options.data.readOnlyReason ?? "This option is set by your organization.")}
              onSave={save}
              testId="option-integration"
            />
            <p className="hint" data-testid="option-integration-effective">
              In effect for you: {options.data.effective ? "Yes" : "No"}
            </p>
          </>
        )}
      </CollapsibleSection>
      {dialog}
    </>
  );
}
