/**
 * Account Options, for Account Administrators: Scheduling (S-OPT-1: the organization's
 * "Enable Microsoft Calendar Integration" and "Can Users Override?", each saved on change),
 * Privacy (what Outlook events show) and Branding (button colours, logo text).
 */
import { useQuery } from "@tanstack/react-query";
import { api, queryClient, queryKeys, type AccountSchedulingPatch } from "../api.ts";
import { AdminOnly } from "../components/AdminOnly.tsx";
import { BrandingSection } from "../components/BrandingSection.tsx";
import { CollapsibleSection } from "../components/CollapsibleSection.tsx";
import { PrivacySection } from "../components/PrivacySection.tsx";
import { SchedulingSection } from "../components/SchedulingSection.tsx";
import { YesNoAutosave } from "../components/YesNoAutosave.tsx";
import { useUnlinkConfirmedSave } from "../confirmUnlink.ts";

type AccountOption = "integrationEnabled" | "usersCanOverride";

export function AccountOptionsPage() {
  return (
    <AdminOnly title="Account Options" what="Account Options">
      <AccountOptions />
      <CollapsibleSection title="Privacy">
        <PrivacySection />
      </CollapsibleSection>
      <CollapsibleSection title="Branding">
        <BrandingSection />
      </CollapsibleSection>
    </AdminOnly>
  );
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
      <SchedulingSection options={options}>
        {(data) => (
          <>
            <YesNoAutosave
              label="Enable Microsoft Calendar Integration"
              value={data.integrationEnabled}
              onSave={saver("integrationEnabled")}
              testId="option-integration"
            />
            <YesNoAutosave
              label="Can Users Override?"
              value={data.usersCanOverride}
              onSave={saver("usersCanOverride")}
              testId="option-users-can-override"
            />
          </>
        )}
      </SchedulingSection>
      {dialog}
    </>
  );
}
