/**
 * The Microsoft calendar link of the signed-in user: its status, kept fresh while
 * something is under way, and the popup sign-in flow (S-LINK-1). The popup posts
 * "careroom:link-finished" to this window when it ends; the status is then asked again,
 * so the page changes without a reload.
 */
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import type { LinkStatus } from "../server/contract.ts";
import { api, errorMessage, queryClient, queryKeys } from "./api.ts";

const POLL_MS = 2_000;
const POPUP_CHECK_MS = 500;
const POPUP_WIDTH = 520;
const POPUP_HEIGHT = 680;

const LinkFinishedSchema = z.object({
  type: z.literal("careroom:link-finished"),
  ok: z.boolean(),
  message: z.string().optional(),
});

/** Whether the link is copying sessions, comparing with Outlook, or removing them: progress to follow. */
export function linkBusy(status: LinkStatus | undefined): boolean {
  const link = status?.link;
  if (!link) return false;
  return link.state === "unlinking" || (link.state === "active" && (link.copied < link.total || link.lastCheck.pending));
}

function refreshStatus(): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.calendarLink });
}

function popupFeatures(): string {
  const left = Math.round(window.screenX + (window.outerWidth - POPUP_WIDTH) / 2);
  const top = Math.round(window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2);
  return `popup=yes,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`;
}

export function useCalendarLink() {
  const [popup, setPopup] = useState<Window | null>(null);
  const [flowError, setFlowError] = useState<string | null>(null);
  const status = useQuery({
    queryKey: queryKeys.calendarLink,
    queryFn: api.calendarLink,
    refetchInterval: (query) => (popup !== null || linkBusy(query.state.data) ? POLL_MS : false),
  });
  const unlink = useMutation({ mutationFn: api.unlinkCalendar, onSettled: refreshStatus });
  const checkNow = useMutation({ mutationFn: api.checkCalendarNow, onSettled: refreshStatus });

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      // Only our own callback page, never another site, may report the end of the flow.
      if (event.origin !== window.location.origin) return;
      const finished = LinkFinishedSchema.safeParse(event.data);
      if (!finished.success) return;
      setPopup(null);
      setFlowError(finished.data.ok ? null : (finished.data.message ?? "Linking your Microsoft calendar did not finish. Try again."));
      refreshStatus();
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  useEffect(() => {
    if (!popup) return;
    // A popup closed by hand sends no message; stop waiting for it.
    const timer = window.setInterval(() => {
      if (!popup.closed) return;
      setPopup(null);
      refreshStatus();
    }, POPUP_CHECK_MS);
    return () => window.clearInterval(timer);
  }, [popup]);

  /** Must run straight from a click: browsers allow popups only then, so it opens before asking the server. */
  const start = () => {
    if (popup && !popup.closed) {
      popup.focus();
      return;
    }
    setFlowError(null);
    const opened = window.open("", "careroom-calendar-link", popupFeatures());
    if (!opened) {
      setFlowError("Your browser blocked the Microsoft sign-in window. Allow pop-ups for this site and try again.");
      return;
    }
    setPopup(opened);
    api.startCalendarLink().then(
      ({ authorizeUrl }) => opened.location.assign(authorizeUrl),
      (error: unknown) => {
        opened.close();
        setPopup(null);
        setFlowError(errorMessage(error));
      },
    );
  };

  return { status, start, popupOpen: popup !== null, flowError, unlink, checkNow };
}
