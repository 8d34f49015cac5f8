// /{tenant}/oauth2/v2.0/authorize and /logout: the interactive half of the authorization code
// flow (account picker, consent, PKCE challenge, prompt and login_hint handling, redirect back).
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox, RegisteredApp } from "../model.ts";
import { base64UrlJson, newOpaqueToken } from "../ids.ts";
import { accountPage, consentPage, formPostPage, identityErrorPage, signedOutPage } from "../pages/signIn.ts";
import { clearedSessionCookie, sessionCookie, sessionMailbox } from "./session.ts";
import { describeScope, isCovered, parseScopes } from "./scopes.ts";

const CODE_LIFETIME_MS = 10 * 60 * 1000;
// The picker is for the handful of mailboxes a person picks from. Rendering thousands would make
// every sign-in cost as much as the whole list; any other address can be typed in (or posted).
const MAX_LISTED_ACCOUNTS = 50;

const authorizeParameters = z.object({
  client_id: z.string().optional(),
  response_type: z.string().optional(),
  redirect_uri: z.string().optional(),
  scope: z.string().optional(),
  response_mode: z.enum(["query", "fragment", "form_post"]).optional(),
  state: z.string().optional(),
  prompt: z.enum(["login", "none", "consent", "select_account"]).optional(),
  login_hint: z.string().optional(),
  domain_hint: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  nonce: z.string().optional(),
  client_info: z.string().optional(),
});
type AuthorizeParameters = z.infer<typeof authorizeParameters>;

const formFields = z.object({
  step: z.enum(["account", "consent"]),
  account: z.string().optional(),
  address: z.string().optional(),
  decision: z.enum(["accept", "cancel"]).optional(),
});

const logoutParameters = z.object({ post_logout_redirect_uri: z.string().optional() });

const tenantParameter = z.object({ tenant: z.string() });

/** An authorize request whose client and redirect URI checked out. */
interface ValidRequest {
  parameters: AuthorizeParameters & { client_id: string; redirect_uri: string };
  app: RegisteredApp;
  scopes: string[];
}

class PageError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Errors reported back to the app through its redirect URI rather than on a page. */
class RedirectError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export function registerAuthorize(app: FastifyInstance, context: EmulatorContext): void {
  const { store, clock } = context;

  function validate(raw: unknown): ValidRequest {
    const parsed = authorizeParameters.safeParse(raw);
    if (!parsed.success) throw new PageError(90014, `The request is not valid: ${parsed.error.issues[0]?.path.join(".") ?? "parameters"}.`);
    const parameters = parsed.data;
    if (!parameters.client_id) throw new PageError(900144, "The request body must contain the following parameter: 'client_id'.");
    if (!parameters.redirect_uri) throw new PageError(900144, "The request body must contain the following parameter: 'redirect_uri'.");
    if (!URL.canParse(parameters.redirect_uri)) throw new PageError(50011, `The redirect URI '${parameters.redirect_uri}' specified in the request is not a valid URI.`);
    const known = ensureApp(parameters.client_id);
    if (known.redirectUris.length > 0 && !known.redirectUris.includes(parameters.redirect_uri)) {
      throw new PageError(
        50011,
        `The redirect URI '${parameters.redirect_uri}' specified in the request does not match the redirect URIs configured for the application '${parameters.client_id}'.`,
      );
    }
    return { parameters: { ...parameters, client_id: parameters.client_id, redirect_uri: parameters.redirect_uri }, app: known, scopes: parseScopes(parameters.scope) };
  }

  function ensureApp(clientId: string): RegisteredApp {
    let known = store.apps.get(clientId);
    if (!known) {
      known = { clientId, clientSecret: null, redirectUris: [], displayName: clientId };
      store.apps.set(clientId, known);
      store.changed();
    }
    return known;
  }

  function checkProtocol(request: ValidRequest): void {
    const { parameters, scopes } = request;
    if (parameters.response_type !== "code") {
      throw new RedirectError("unsupported_response_type", "AADSTS700054: response_type 'id_token' is not enabled for the application.");
    }
    if (scopes.length === 0) {
      throw new RedirectError("invalid_request", "AADSTS900144: The request body must contain the following parameter: 'scope'.");
    }
    const method = parameters.code_challenge_method ?? (parameters.code_challenge ? "plain" : undefined);
    if (method !== undefined && method !== "S256" && method !== "plain") {
      throw new RedirectError("invalid_request", "AADSTS501491: Invalid code_challenge_method.");
    }
  }

  function respond(reply: FastifyReply, request: ValidRequest, result: Record<string, string>): FastifyReply {
    const { parameters } = request;
    const payload = { ...result, ...(parameters.state !== undefined ? { state: parameters.state } : {}) };
    const mode = parameters.response_mode ?? "query";
    if (mode === "form_post") return reply.type("text/html; charset=utf-8").send(formPostPage(parameters.redirect_uri, payload));
    const target = new URL(parameters.redirect_uri);
    const encoded = new URLSearchParams(payload).toString();
    if (mode === "fragment") target.hash = encoded;
    else for (const [name, value] of Object.entries(payload)) target.searchParams.set(name, value);
    return reply.redirect(target.toString(), 302);
  }

  function issueCode(reply: FastifyReply, request: ValidRequest, mailbox: Mailbox): FastifyReply {
    const { parameters } = request;
    const code = `1.AV${newOpaqueToken(64)}`;
    const challenge = parameters.code_challenge
      ? parameters.code_challenge_method === "S256"
        ? parameters.code_challenge
        : `plain:${parameters.code_challenge}`
      : null;
    store.authorizationCodes.set(code, {
      code,
      clientId: parameters.client_id,
      mailbox: mailbox.address,
      redirectUri: parameters.redirect_uri,
      scopes: request.scopes,
      codeChallenge: challenge,
      nonce: parameters.nonce ?? null,
      expiresAt: clock.now() + CODE_LIFETIME_MS,
      redeemed: false,
    });
    store.changed();
    reply.header("set-cookie", sessionCookie(mailbox.address));
    const result: Record<string, string> = { code };
    if (parameters.client_info === "1") result.client_info = base64UrlJson({ uid: mailbox.userId, utid: store.tenantId });
    result.session_state = mailbox.userId;
    return respond(reply, request, result);
  }

  function needsConsent(request: ValidRequest, mailbox: Mailbox): boolean {
    const consented = mailbox.consents[request.parameters.client_id];
    return request.parameters.prompt === "consent" || !consented || !isCovered(request.scopes, consented);
  }

  function showAccounts(reply: FastifyReply, tenant: string, request: ValidRequest, error?: string): FastifyReply {
    const listed: Mailbox[] = [];
    for (const mailbox of store.mailboxes.values()) {
      if (listed.length >= MAX_LISTED_ACCOUNTS) break;
      listed.push(mailbox);
    }
    // With prompt=select_account or login, the hinted mailbox may lie beyond the first ones.
    const hinted = request.parameters.login_hint ? store.findMailbox(request.parameters.login_hint) : undefined;
    if (hinted && !listed.includes(hinted)) listed.push(hinted);
    return reply.type("text/html; charset=utf-8").send(
      accountPage({
        action: `/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`,
        parameters: stringEntries(request.parameters),
        accounts: listed.map(({ address, displayName }) => ({ address, displayName })),
        unlisted: store.mailboxes.size - listed.length,
        loginHint: request.parameters.login_hint,
        appName: request.app.displayName,
        ...(error ? { error } : {}),
      }),
    );
  }

  function showConsent(reply: FastifyReply, tenant: string, request: ValidRequest, mailbox: Mailbox): FastifyReply {
    return reply.type("text/html; charset=utf-8").send(
      consentPage({
        action: `/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`,
        parameters: stringEntries(request.parameters),
        account: mailbox,
        appName: request.app.displayName,
        permissions: request.scopes.map((scope) => ({ scope, description: describeScope(scope) })),
      }),
    );
  }

  function proceedAs(reply: FastifyReply, tenant: string, request: ValidRequest, mailbox: Mailbox): FastifyReply {
    return needsConsent(request, mailbox) ? showConsent(reply, tenant, request, mailbox) : issueCode(reply, request, mailbox);
  }

  async function handle(
    reply: FastifyReply,
    tenant: string,
    raw: unknown,
    step: (request: ValidRequest) => FastifyReply,
  ): Promise<FastifyReply> {
    let request: ValidRequest;
    try {
      request = validate(raw);
    } catch (error) {
      if (error instanceof PageError) return reply.code(400).type("text/html; charset=utf-8").send(identityErrorPage(error.code, error.description));
      throw error;
    }
    try {
      checkProtocol(request);
      return step(request);
    } catch (error) {
      if (error instanceof RedirectError) return respond(reply, request, { error: error.error, error_description: error.description });
      throw error;
    }
  }

  app.get("/:tenant/oauth2/v2.0/authorize", async (req, reply) => {
    const { tenant } = tenantParameter.parse(req.params);
    return handle(reply, tenant, req.query, (request) => {
      const { prompt, login_hint: loginHint } = request.parameters;
      const signedIn = sessionMailbox(req.headers.cookie);
      if (prompt === "none") {
        const mailbox = store.findMailbox(loginHint ?? signedIn ?? "");
        if (!mailbox) throw new RedirectError("login_required", "AADSTS50058: A silent sign-in request was sent but no user is signed in.");
        if (needsConsent(request, mailbox)) {
          throw new RedirectError("consent_required", `AADSTS65001: The user or administrator has not consented to use the application with ID '${request.parameters.client_id}'.`);
        }
        return issueCode(reply, request, mailbox);
      }
      const hinted = loginHint ? store.findMailbox(loginHint) : undefined;
      if (hinted && prompt !== "login" && prompt !== "select_account") return proceedAs(reply, tenant, request, hinted);
      return showAccounts(reply, tenant, request);
    });
  });

  app.post("/:tenant/oauth2/v2.0/authorize", async (req, reply) => {
    const { tenant } = tenantParameter.parse(req.params);
    const form = formFields.parse(req.body);
    return handle(reply, tenant, withoutFormFields(req.body), (request) => {
      const chosen = (form.account || form.address || "").trim();
      if (form.step === "account") {
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(chosen)) return showAccounts(reply, tenant, request, "Enter a valid email address.");
        return proceedAs(reply, tenant, request, store.ensureMailbox(chosen));
      }
      const mailbox = store.findMailbox(chosen);
      if (!mailbox) return showAccounts(reply, tenant, request, "That account does not exist any more.");
      if (form.decision !== "accept") {
        throw new RedirectError("access_denied", "AADSTS65004: User declined to consent to access the app.");
      }
      const previous = mailbox.consents[request.parameters.client_id] ?? [];
      mailbox.consents[request.parameters.client_id] = [...new Set([...previous, ...request.scopes])];
      store.changed();
      return issueCode(reply, request, mailbox);
    });
  });

  app.get("/:tenant/oauth2/v2.0/logout", async (req, reply) => {
    const { post_logout_redirect_uri: redirectUri } = logoutParameters.parse(req.query);
    reply.header("set-cookie", clearedSessionCookie());
    if (redirectUri) return reply.redirect(redirectUri, 302);
    return reply.type("text/html; charset=utf-8").send(signedOutPage());
  });
}

function stringEntries(parameters: AuthorizeParameters): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function withoutFormFields(body: unknown): Record<string, unknown> {
  const { step: _step, account: _account, address: _address, decision: _decision, ...rest } = z.record(z.string(), z.unknown()).parse(body);
  return rest;
}
