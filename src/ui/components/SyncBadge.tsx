/** Where a hosted session stands in the host's Outlook calendar (S-SYNC-7); nothing when not linked. */
import type { SessionView } from "../../server/contract.ts";

export function SyncBadge({ sync }: { sync: SessionView["sync"] }) {
  switch (sync.state) {
    case "not_linked":
      return null;
    case "synced":
      return (
        <span className="badge badge-ok" data-testid="sync-badge" data-sync-state="synced">
          In Outlook
        </span>
      );
    case "pending":
      return (
        <span className="badge badge-waiting" data-testid="sync-badge" data-sync-state="pending">
          Waiting to sync
        </span>
      );
    case "failed":
      return (
        <span className="badge badge-failed" data-testid="sync-badge" data-sync-state="failed">
          {sync.message ? `Sync failed: ${sync.message}` : "Sync failed"}
        </span>
      );
  }
}
