/**
 * Copies a join link to the clipboard. Where the browser refuses (no permission, no secure
 * context) the link is shown selected instead, so it can still be copied by hand.
 */
import { useState } from "react";

export function CopyLinkButton({ label, url }: { label: string; url: string }) {
  const [outcome, setOutcome] = useState<"idle" | "copied" | "manual">("idle");
  const absoluteUrl = new URL(url, window.location.origin).toString();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(absoluteUrl);
      setOutcome("copied");
    } catch {
      setOutcome("manual");
    }
  };
  return (
    <span className="copy-link">
      <button type="button" className="button small" onClick={() => void copy()} data-link={absoluteUrl}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {outcome === "copied" && "Link copied"}
      </span>
      {outcome === "manual" && (
        <input
          className="copy-fallback"
          readOnly
          aria-label={`${label}: select and copy`}
          value={absoluteUrl}
          ref={(input) => input?.select()}
        />
      )}
    </span>
  );
}
