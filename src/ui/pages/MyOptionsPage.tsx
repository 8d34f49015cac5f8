/** My Options → Scheduling: the user's own "Enable Microsoft Calendar Integration" (S-OPT-2). */
import { useQuery } from "@tanstack/react-query";
import { api, queryClient, queryKeys } from "../api.ts";
import { SchedulingSection } from "../components/SchedulingSection.tsx";
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
      <SchedulingSection options={options}>
        {(data) => (
          <>
            <YesNoAutosave
              label="Enable Microsoft Calendar Integration"
              // Read-only, the control shows what applies; editable, the user's own choice (or what applies until they choose).
              value={data.editable ? (data.integrationSelf ?? data.effective) : data.effective}
              readOnlyReason={data.editable ? null : (data.readOnlyReason ?? "This option is set by your organization.")}
              onSave={save}
              testId="option-integration"
            />
            <p className="hint" data-testid="option-integration-effective">
              In effect for you: {data.effective ? "Yes" : "No"}
            </p>
          </>
        )}
      </SchedulingSection>
      {dialog}
    </>
  );
}
