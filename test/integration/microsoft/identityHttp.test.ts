// MSAL's HTTP calls go through the product's own client (identityHttp.ts). These tests stand
// a misbehaving identity platform up on a local port and check what a token refresh turns
// each answer into, and so what the worker does about it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderFailure } from "../../../src/domain/provider.ts";
import { classifyMicrosoftFailure } from "../../../src/microsoft/classify.ts";
import { createMicrosoftIdentity } from "../../../src/microsoft/identity.ts";
import { localAuthorityOptions } from "../../../src/microsoft/localAuthority.ts";

type TokenAnswer = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let answerToken: TokenAnswer = () => undefined;
const tokenRequests: Array<{ body: string; connection: number }> = [];
let connections = 0;

function idToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/common/v2.0/.well-known/openid-configuration") {
        json(response, 200, {
          authorization_endpoint: `${baseUrl}/common/oauth2/v2.0/authorize`,
          token_endpoint: `${baseUrl}/common/oauth2/v2.0/token`,
          issuer: `${baseUrl}/common/v2.0`,
          jwks_uri: `${baseUrl}/common/discovery/v2.0/keys`,
        });
        return;
      }
      const socket = request.socket as typeof request.socket & { testId?: number };
      socket.testId ??= ++connections;
      tokenRequests.push({ body: Buffer.concat(chunks).toString("utf8"), connection: socket.testId });
      answerToken(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function refreshFailure(): Promise<ProviderFailure> {
  const identity = createMicrosoftIdentity(await localAuthorityOptions({ baseUrl, tenant: "common", clientId: "client-1", clientSecret: "secret" }));
  const failure = await identity.refresh("old-refresh-token").then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(failure).toBeInstanceOf(ProviderFailure);
  return failure as ProviderFailure;
}

describe("token refreshes through the product's HTTP client", () => {
  it("sends the refresh grant, reads the rotated refresh token, and keeps connections open for the next refresh", async () => {
    tokenRequests.length = 0;
    let issued = 0;
    answerToken = (_request, response) => {
      issued++;
      json(response, 200, {
        token_type: "Bearer",
        scope: "User.Read Calendars.ReadWrite",
        expires_in: 3599,
        access_token: `access-${issued}`,
        refresh_token: `rotated-${issued}`,
        id_token: idToken({ oid: "mailbox-oid", tid: "tenant-1", preferred_username: "pat@clinic.test", aud: "client-1", iss: `${baseUrl}/common/v2.0`, exp: 4_000_000_000, iat: 1, nbf: 1, sub: "s" }),
        client_info: Buffer.from(JSON.stringify({ uid: "mailbox-oid", utid: "tenant-1" })).toString("base64url"),
      });
    };
    const identity = createMicrosoftIdentity(await localAuthorityOptions({ baseUrl, tenant: "common", clientId: "client-1", clientSecret: "secret" }));
    const first = await identity.refresh("old-refresh-token");
    const second = await identity.refresh(first.refreshToken);
    await identity.refresh(second.refreshToken);
    await identity.refresh("rotated-3");

    expect(first).toMatchObject({ accessToken: "access-1", refreshToken: "rotated-1", accountId: "mailbox-oid", username: "pat@clinic.test" });
    expect(second).toMatchObject({ accessToken: "access-2", refreshToken: "rotated-2" });
    const grants = tokenRequests.map((request) => new URLSearchParams(request.body));
    expect(grants.map((grant) => [grant.get("grant_type"), grant.get("refresh_token")])).toEqual([
      ["refresh_token", "old-refresh-token"],
      ["refresh_token", "rotated-1"],
      ["refresh_token", "rotated-2"],
      ["refresh_token", "rotated-3"],
    ]);
    expect(new Set(tokenRequests.map((request) => request.connection)).size).toBeLessThan(tokenRequests.length);
  });

  it("reads a gateway's HTML error page as Microsoft unreachable, to be retried, not as a broken configuration", async () => {
    answerToken = (_request, response) => {
      response.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    };
    const failure = await refreshFailure();
    expect(failure.detail.kind).toBe("network");
    expect(classifyMicrosoftFailure(failure.detail, new Date()).action).toBe("retry");
  });

  it("reads a connection reset as Microsoft unreachable, to be retried", async () => {
    answerToken = (request) => {
      request.socket.resetAndDestroy();
    };
    const failure = await refreshFailure();
    expect(failure.detail.kind).toBe("network");
    expect(classifyMicrosoftFailure(failure.detail, new Date()).action).toBe("retry");
  });

  it("still reads Microsoft's own refusal: an expired refresh token asks the user to relink", async () => {
    answerToken = (_request, response) => {
      json(response, 400, {
        error: "invalid_grant",
        error_description: "AADSTS700082: The refresh token has expired due to inactivity.",
        error_codes: [700082],
        timestamp: "2026-12-04 09:00:00Z",
        trace_id: "00000000-0000-0000-0000-000000000000",
        correlation_id: "00000000-0000-0000-0000-000000000000",
      });
    };
    const failure = await refreshFailure();
    expect(failure.detail).toMatchObject({ kind: "token", error: "invalid_grant", errorCodes: [700082] });
    expect(classifyMicrosoftFailure(failure.detail, new Date()).action).toBe("needs_relink");
  });
});
