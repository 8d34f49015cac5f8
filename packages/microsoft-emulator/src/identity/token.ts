// POST /{tenant}/oauth2/v2.0/token: redeems authorization codes (with PKCE) and refresh tokens
// for a confidential client, answering failures with the AADSTS errors Microsoft sends.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { RegisteredApp } from "../model.ts";
import { identityTimestamp } from "../dates.ts";
import { pickDelay, sleep } from "../latency.ts";
import { IdentityError, identityErrorBody, identityErrors, newCorrelationId } from "./errors.ts";
import { issueTokens, type TokenResponse } from "./grants.ts";
import { isCovered, parseScopes, resourceScopes } from "./scopes.ts";

const tokenForm = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});
type TokenForm = z.infer<typeof tokenForm>;

function required<K extends keyof TokenForm>(form: TokenForm, name: K): string {
  const value = form[name];
  if (!value) throw identityErrors.missingParameter(name);
  return value;
}

/** HTTP Basic client credentials, each half form-urlencoded as RFC 6749 §2.3.1 asks. */
function basicCredentials(request: FastifyRequest): { clientId: string; clientSecret: string } | undefined {
  const header = request.headers.authorization;
  if (!header?.toLowerCase().startsWith("basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 0) return undefined;
  const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
  return { clientId: decode(decoded.slice(0, separator)), clientSecret: decode(decoded.slice(separator + 1)) };
}

/** Stored challenges are the S256 value itself, or "plain:" + the challenge for the plain method. */
function matchesChallenge(verifier: string, stored: string): boolean {
  if (stored.startsWith("plain:")) return stored === `plain:${verifier}`;
  return createHash("sha256").update(verifier).digest("base64url") === stored;
}

export function registerToken(app: FastifyInstance, context: EmulatorContext): void {
  const { store, clock } = context;

  function authenticateClient(request: FastifyRequest, form: TokenForm): RegisteredApp {
    const basic = basicCredentials(request);
    const clientId = basic?.clientId ?? required(form, "client_id");
    const secret = basic?.clientSecret ?? form.client_secret;
    if (!secret) throw identityErrors.missingClientSecret();
    let known = store.apps.get(clientId);
    if (!known) {
      known = { clientId, clientSecret: null, redirectUris: [], displayName: clientId };
      store.apps.set(clientId, known);
    }
    // An app registered without a secret adopts the first one it presents.
    if (known.clientSecret === null) {
      known.clientSecret = secret;
      store.changed();
    }
    if (known.clientSecret !== secret) throw identityErrors.invalidClientSecret(clientId);
    return known;
  }

  function redeemCode(client: RegisteredApp, form: TokenForm): TokenResponse {
    const value = required(form, "code");
    const redirectUri = required(form, "redirect_uri");
    const code = store.authorizationCodes.get(value);
    if (!code || code.clientId !== client.clientId) throw identityErrors.malformedGrant();
    if (code.redeemed) throw identityErrors.codeRedeemed();
    if (code.expiresAt < clock.now()) throw identityErrors.codeExpired();
    if (code.redirectUri !== redirectUri) throw identityErrors.redirectUriMismatch();
    if (code.codeChallenge !== null) {
      if (!form.code_verifier || !matchesChallenge(form.code_verifier, code.codeChallenge)) throw identityErrors.verifierMismatch();
    }
    code.redeemed = true;
    const mailbox = store.findMailbox(code.mailbox);
    if (!mailbox) throw identityErrors.malformedGrant();
    const consented = mailbox.consents[client.clientId] ?? [];
    return issueTokens(context, {
      clientId: client.clientId,
      mailbox,
      requestedScopes: code.scopes,
      resourceScopes: resourceScopes(code.scopes, consented),
      nonce: code.nonce,
    });
  }

  function redeemRefreshToken(client: RegisteredApp, form: TokenForm): TokenResponse {
    const refreshToken = store.refreshTokens.get(required(form, "refresh_token"));
    if (!refreshToken || refreshToken.clientId !== client.clientId) throw identityErrors.invalidRefreshToken();
    const now = clock.now();
    const issuedAt = identityTimestamp(refreshToken.issuedAt);
    if (refreshToken.expiresAt < now) throw identityErrors.refreshTokenExpired(issuedAt);
    const mailbox = store.findMailbox(refreshToken.mailbox);
    if (!mailbox) throw identityErrors.invalidRefreshToken();
    if (refreshToken.issuedAt < mailbox.tokensValidFrom) {
      throw identityErrors.refreshTokenRevoked(issuedAt, identityTimestamp(mailbox.tokensValidFrom));
    }
    const consented = mailbox.consents[client.clientId];
    const requested = form.scope ? parseScopes(form.scope) : refreshToken.scopes;
    const resource = resourceScopes(requested, consented ?? []);
    if (!consented || !isCovered(resource, consented)) throw identityErrors.consentRequired(client.clientId, client.displayName);
    return issueTokens(context, {
      clientId: client.clientId,
      mailbox,
      requestedScopes: [...new Set([...requested, ...refreshToken.scopes.filter((scope) => scope === "offline_access")])],
      resourceScopes: resource,
      nonce: null,
    });
  }

  app.post("/:tenant/oauth2/v2.0/token", async (request, reply) => {
    await sleep(pickDelay(context.latency));
    const correlationId = newCorrelationId(request.headers["client-request-id"]);
    reply.header("cache-control", "no-store, no-cache").header("pragma", "no-cache");
    try {
      const form = tokenForm.parse(request.body ?? {});
      const grantType = required(form, "grant_type");
      if (grantType !== "authorization_code" && grantType !== "refresh_token") throw identityErrors.unsupportedGrantType(grantType);
      const client = authenticateClient(request, form);
      const response = grantType === "authorization_code" ? redeemCode(client, form) : redeemRefreshToken(client, form);
      return reply.send(response);
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      store.changed();
      return reply.code(error.status).send(identityErrorBody(error, clock.now(), correlationId, context.baseUrl()));
    }
  });
}
