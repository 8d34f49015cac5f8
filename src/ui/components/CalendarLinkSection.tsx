/**
 * The bottom of the profile page, below Roles: link, relink or unlink the Microsoft
 * calendar, with the copy and clean-up progress. Nothing at all is shown to a user who
 * may not link and has no link (S-OPT-5).
 */
import type { LinkStatus } from "../../server/contract.ts";
import { errorMessage } from "../api.ts";
import { useCalendarLink } from "../calendarLink.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";

type Link = NonNullable<LinkStatus["link"]>;

export function CalendarLinkSection() {
  const { status, start, popupOpen, flowError, unlink, checkNow } = useCalendarLink();
  if (status.error) return <ErrorMessage message={errorMessage(status.error)} onRetry={() => void status.refetch()} />;
  if (!status.data) return null;
  const { canLink, link } = status.data;
  if (!link && !canLink) return null;

  return (
    <section className="calendar-link" aria-labelledby="calendar-link-title" data-testid="calendar-link-section">
      <h2 id="calendar-link-title">Microsoft Calendar</h2>
      {flowError && <ErrorMessage message={flowError} />}
      {unlink.error && <ErrorMessage message={errorMessage(unlink.error)} />}
      {checkNow.error && <ErrorMessage message={errorMessage(checkNow.error)} />}
      {popupOpen && (
        <p className="hint" role="status">
          Finish signing in to Microsoft in the window that opened.
        </p>
      )}
      {link === null ? (
        <button type="button" className="button primary" onClick={start} disabled={popupOpen}>
          Link Microsoft Calendar
        </button>
      ) : (
        <LinkDetails
          link={link}
          onRelink={start}
          relinking={popupOpen}
          onUnlink={() => unlink.mutate()}
          unlinking={unlink.isPending}
          onCheck={() => checkNow.mutate()}
        />
      )}
    </section>
  );
}

interface LinkDetailsProps {
  link: Link;
  onRelink: () => void;
  relinking: boolean;
  onUnlink: () => void;
  unlinking: boolean;
  onCheck: () => void;
}

function LinkDetails({ link, onRelink, relinking, onUnlink, unlinking, onCheck }: LinkDetailsProps) {
  if (link.state === "unlinking") {
    // Each session's record goes once its Outlook event is removed, so `total` counts what is left.
    return (
      <p role="status" data-testid="unlink-progress">
        Removing CareRoom events from Outlook… {link.total} left
      </p>
    );
  }
  return (
    <>
      {link.state === "needs_relink" && (
        <div className="banner warning" role="alert" data-testid="relink-banner">
          <p>Your Microsoft calendar needs to be linked again</p>
          <button type="button" className="button primary" onClick={onRelink} disabled={relinking}>
            Relink
          </button>
        </div>
      )}
      <p data-testid="linked-mailbox">Linked to {link.mailboxAddress}</p>
      {link.state === "active" && link.copied < link.total && (
        <p role="status" data-testid="copy-progress">
          <progress value={link.copied} max={link.total} aria-hidden="true" /> {link.copied} of {link.total} sessions copied
        </p>
      )}
      {link.lastError && <p className="field-error">{link.lastError}</p>}
      {link.state === "active" && <LastCheck check={link.lastCheck} onCheck={onCheck} />}
      <button type="button" className="button" onClick={onUnlink} disabled={unlinking}>
        Unlink
      </button>
    </>
  );
}

/**
 * S-SYNC-2: when Outlook was last compared with the sessions, what that repaired, and a way
 * to compare now (events changed or deleted in Outlook are put back).
 */
function LastCheck({ check, onCheck }: { check: Link["lastCheck"]; onCheck: () => void }) {
  return (
    <div className="last-check" data-testid="last-check">
      <p role="status">
        {check.pending
          ? "Comparing your Outlook calendar with your sessions…"
          : check.at === null
            ? "Your Outlook calendar has not been compared with your sessions yet."
            : `Last compared with Outlook ${new Date(check.at).toLocaleString()}: ${
                check.fixed ? `${check.fixed} event${check.fixed === 1 ? "" : "s"} put right.` : "everything matched."
              }`}
      </p>
      <button type="button" className="button" onClick={onCheck} disabled={check.pending}>
        Check Outlook now
      </button>
    </div>
  );
}
