// Discovery documents: OpenID configuration per tenant, the signing keys, and the instance
// discovery answer MSAL asks for when it is not given cloudDiscoveryMetadata.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";

const TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

export function openIdConfiguration(baseUrl: string, tenant: string, tenantId: string): Record<string, unknown> {
  const root = `${baseUrl}/${tenant}`;
  // Multi-tenant aliases publish a templated issuer, exactly as login.microsoftonline.com does.
  const issuerTenant = TENANT_ALIASES.has(tenant.toLowerCase()) ? "{tenantid}" : tenantId;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${baseUrl}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "cloud_instance_name", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "email"],
    tenant_region_scope: null,
    cloud_instance_name: new URL(baseUrl).host,
    cloud_graph_host_name: new URL(baseUrl).host,
    msgraph_host: new URL(baseUrl).host,
    rbac_url: baseUrl,
  };
}

/** The values to hand @azure/msal-node so it talks to this emulator without any network discovery. */
export function msalAuthorityOptions(baseUrl: string, tenant = "common"): {
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: string;
  cloudDiscoveryMetadata: string;
} {
  const host = new URL(baseUrl).host;
  const metadata = openIdConfiguration(baseUrl, tenant, tenant);
  return {
    // MSAL insists on an https authority; the endpoints inside the metadata may stay plain http.
    authority: `https://${host}/${tenant}`,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      authorization_endpoint: metadata.authorization_endpoint,
      token_endpoint: metadata.token_endpoint,
      end_session_endpoint: metadata.end_session_endpoint,
      issuer: metadata.issuer,
      jwks_uri: metadata.jwks_uri,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
  };
}

const tenantParameter = z.object({ tenant: z.string() });

export function registerMetadata(app: FastifyInstance, context: EmulatorContext): void {
  app.get("/:tenant/v2.0/.well-known/openid-configuration", async (request) => {
    const { tenant } = tenantParameter.parse(request.params);
    return openIdConfiguration(context.baseUrl(), tenant, context.store.tenantId);
  });

  app.get("/:tenant/discovery/v2.0/keys", async () => context.signer.jwks());

  app.get("/common/discovery/instance", async () => {
    const host = new URL(context.baseUrl()).host;
    return {
      tenant_discovery_endpoint: `${context.baseUrl()}/common/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });
}
