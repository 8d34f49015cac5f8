/**
 * Link, relink and unlink a Microsoft calendar (S-LINK, S-UNLINK) from the profile page.
 * Linking runs the authorization code flow with PKCE in a popup; the callback checks the
 * single-use state against the signed-in user, stores the sealed refresh token and queues
 * the copy of the user's hosted sessions, all in one transaction. Unlinking only records
 * the intent: the worker removes the events.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, appError, coerceError, type ErrorCode } from "../../domain/errors.ts";
import { canLinkCalendar, effectiveIntegration } from "../../domain/options.ts";
import { ProviderFailure } from "../../domain/provider.ts";
import { classifyMicrosoftFailure } from "../../microsoft/classify.ts";
import type { MicrosoftIdentity } from "../../microsoft/identity.ts";
import { fetchMailbox } from "../../microsoft/mailbox.ts";
import { createPkcePair } from "../../microsoft/pkce.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { SignedInUser } from "../../store/authSessions.ts";
import type { Queryable } from "../../store/db.ts";
import { requestLinkWork, startUnlink } from "../../store/links/linkState.ts";
import { linkStatus } from "../../store/links/linkStatus.ts";
import { saveOAuthState, takeOAuthState } from "../../store/links/oauthStates.ts";
import { saveLink } from "../../store/links/saveLink.ts";
import { sealLinkTokens } from "../../store/links/sealedAccessToken.ts";
import { getOrgOptions } from "../../store/options/orgOptions.ts";
import { getUserSwitches } from "../../store/options/userOptions.ts";
import { randomToken } from "../../store/randomToken.ts";
import { decryptSecret, encryptSecret, type Keyring } from "../../store/secretBox.ts";
import { LinkStartSchema, LinkStatusSchema, type LinkStatus } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireUser } from "../plugins/auth.ts";
import { LINK_FINISHED_PATH, MICROSOFT_CALLBACK_PATH } from "../plugins/security.ts";

export interface LinkRouteDeps extends RouteDeps {
  identity: MicrosoftIdentity;
  graphBaseUrl: string;
  redirectUri: string;
  keyring: Keyring;
}

/** Long enough to sign in and consent, short enough that a stolen state is soon useless. */
const PENDING_LINK_TTL_MS = 10 * 60_000;
const tags = ["calendar link"];

const CallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export const calendarLinkRoutes: FastifyPluginAsyncZod<LinkRouteDeps> = async (app, deps) => {
  const { db, identity, keyring } = deps;

  app.get(
    "/api/me/calendar-link",
    { schema: { tags, summary: "The signed-in user's Microsoft calendar link", response: { 200: LinkStatusSchema } } },
    async (request) => statusOf(db, requireUser(request)),
  );

  app.post(
    "/api/me/calendar-link/start",
    { schema: { tags, summary: "Start linking: returns Microsoft's sign-in address for the popup", response: { 200: LinkStartSchema } } },
    async (request) => {
      const user = requireUser(request);
      const status = await statusOf(db, user);
      if (!status.canLink && status.link?.state !== "needs_relink") throw appError("LINK_NOT_ALLOWED");
      if (status.link?.state === "unlinking") throw appError("LINK_UNLINK_IN_PROGRESS");
      const state = randomToken();
      const pkce = createPkcePair();
      // Asked before anything is stored: when Microsoft cannot be reached, no pending link is left behind.
      const authorizeUrl = await identity.authorizeUrl({ state, codeChallenge: pkce.challenge, redirectUri: deps.redirectUri }).catch((thrown: unknown) => {
        request.log.warn({ err: coerceError(thrown) }, "Microsoft's sign-in address could not be made");
        throw appError("LINK_MICROSOFT_UNAVAILABLE");
      });
      await saveOAuthState(db, {
        state,
        userId: user.id,
        codeVerifierSealed: encryptSecret(keyring, pkce.verifier),
        expiresAt: new Date(Date.now() + PENDING_LINK_TTL_MS),
      });
      return { authorizeUrl };
    },
  );

  /** Where Microsoft sends the popup back; it answers with a redirect to the UI's closing page. */
  app.get(MICROSOFT_CALLBACK_PATH, { schema: { hide: true, querystring: CallbackQuery } }, async (request, reply) => {
    const query = request.query;
    const finish = (code: ErrorCode | "OK") => reply.redirect(`${LINK_FINISHED_PATH}?result=${encodeURIComponent(code)}`, 303);
    const user = request.auth?.user;
    // The state is taken (deleted) first, whatever happens next: it can never be used twice.
    const pending = query.state ? await takeOAuthState(db, query.state) : undefined;
    if (!user || !pending || pending.userId !== user.id) {
      if (user) await audit(db, user, "link.refused", { reason: "state" });
      return finish("LINK_STATE_INVALID");
    }
    if (query.error || !query.code) {
      await audit(db, user, "link.denied", { error: query.error ?? "no_code" });
      return finish("LINK_CONSENT_DENIED");
    }
    try {
      const tokens = await identity.redeemCode({
        code: query.code,
        codeVerifier: decryptSecret(keyring, pending.codeVerifierSealed),
        redirectUri: deps.redirectUri,
      });
      const mailbox = await fetchMailbox(deps.graphBaseUrl, tokens.accessToken);
      await db.transaction(async (tx) => {
        const status = await statusOf(tx, user);
        if (!status.canLink && status.link?.state !== "needs_relink") throw appError("LINK_NOT_ALLOWED");
        const saved = await saveLink(tx, {
          orgId: user.orgId,
          userId: user.id,
          mailboxId: mailbox.id,
          mailboxAddress: mailbox.address,
          ...sealLinkTokens(keyring, tokens),
        });
        await appendAudit(tx, {
          orgId: user.orgId,
          actorId: user.id,
          kind: saved.relinked ? "link.relinked" : "link.created",
          subjectUserId: user.id,
          details: { mailbox: mailbox.address },
        });
      });
      return finish("OK");
    } catch (thrown) {
      if (thrown instanceof AppError) {
        await audit(db, user, "link.refused", { reason: thrown.code });
        return finish(thrown.code);
      }
      if (thrown instanceof ProviderFailure) {
        // Passing trouble at Microsoft is worth another try; anything else means the code was
        // expired, already used, or the verifier did not match. Either way nothing is stored.
        const passing = classifyMicrosoftFailure(thrown.detail, new Date()).action === "retry";
        request.log.warn({ failure: thrown.detail }, "Microsoft did not complete a calendar link");
        await audit(db, user, "link.refused", { reason: "microsoft", error: thrown.detail.kind });
        return finish(passing ? "LINK_MICROSOFT_UNAVAILABLE" : "LINK_STATE_INVALID");
      }
      request.log.error({ err: coerceError(thrown) }, "completing a calendar link failed");
      return finish("INTERNAL_ERROR");
    }
  });

  app.delete(
    "/api/me/calendar-link",
    { schema: { tags, summary: "Unlink: stop syncing now and remove the product's events from Outlook", response: { 202: LinkStatusSchema } } },
    async (request, reply) => {
      const user = requireUser(request);
      await db.transaction(async (tx) => {
        const ended = await startUnlink(tx, { userIds: [user.id] });
        if (ended === 0) throw appError("NOT_FOUND");
        await audit(tx, user, "link.unlink_requested", {});
      });
      return reply.code(202).send(await statusOf(db, user));
    },
  );

  app.post(
    "/api/me/calendar-link/reconcile",
    { schema: { tags, summary: "Compare Outlook with the product now and repair differences", response: { 202: LinkStatusSchema } } },
    async (request, reply) => {
      const user = requireUser(request);
      const status = await linkStatus(db, user.id);
      if (!status || status.state !== "active") throw appError("NOT_FOUND");
      await requestLinkWork(db, status.id, 0);
      return reply.code(202).send(await statusOf(db, user));
    },
  );
};

async function statusOf(db: Queryable, user: SignedInUser): Promise<LinkStatus> {
  // One after another: inside the link transaction `db` is one connection, which runs one query at a time.
  const org = await getOrgOptions(db, user.orgId);
  const switches = await getUserSwitches(db, user.id);
  const link = await linkStatus(db, user.id);
  const effective = effectiveIntegration({
    orgEnabled: org.integrationEnabled,
    overrideAllowed: org.usersCanOverride,
    userValue: switches.integrationSelf,
    adminValue: switches.integrationAdmin,
  });
  return {
    canLink: canLinkCalendar({ effective, licensed: user.licensed, active: user.active }),
    link: link
      ? {
          state: link.state,
          mailboxAddress: link.mailboxAddress,
          copied: link.copied,
          total: link.total,
          lastError: link.lastError,
          lastCheck: { at: link.lastCheckedAt?.toISOString() ?? null, fixed: link.lastCheckFixed, pending: link.checkPending },
        }
      : null,
  };
}

function audit(db: Queryable, user: SignedInUser, kind: string, details: Record<string, unknown>): Promise<void> {
  return appendAudit(db, { orgId: user.orgId, actorId: user.id, kind, subjectUserId: user.id, details });
}
