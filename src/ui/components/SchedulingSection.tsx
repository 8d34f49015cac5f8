/** The Scheduling section of Account Options and My Options: its options once loaded, or why they are not yet. */
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorMessage } from "../api.ts";
import { CollapsibleSection } from "./CollapsibleSection.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";

export function SchedulingSection<Options>({ options, children }: { options: UseQueryResult<Options>; children: (data: Options) => ReactNode }) {
  return (
    <CollapsibleSection title="Scheduling">
      {options.error && <ErrorMessage message={errorMessage(options.error)} onRetry={() => void options.refetch()} />}
      {options.isPending && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {options.data !== undefined && children(options.data)}
    </CollapsibleSection>
  );
}
