/**
 * MSAL options for an identity provider running on this machine (the built-in emulator):
 * MSAL insists on an https authority and discovers endpoints over the network, so the
 * discovery documents are read once here and handed to it preloaded; the endpoints inside
 * them may be plain http.
 */
import { request } from "undici";
import { z } from "zod";
import type { IdentityOptions } from "./identity.ts";

const OpenIdConfigurationSchema = z
  .object({
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    issuer: z.string(),
    jwks_uri: z.string(),
    end_session_endpoint: z.string().optional(),
  })
  .loose();

export async function localAuthorityOptions(input: {
  baseUrl: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
}): Promise<IdentityOptions> {
  const base = input.baseUrl.replace(/\/+$/, "");
  const discoveryUrl = `${base}/${input.tenant}/v2.0/.well-known/openid-configuration`;
  const response = await request(discoveryUrl);
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`The identity provider at ${base} answered ${response.statusCode} for its OpenID configuration.`);
  }
  const metadata = OpenIdConfigurationSchema.parse(await response.body.json());
  const host = new URL(base).host;
  return {
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    authority: `https://${host}/${input.tenant}`,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify(metadata),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: discoveryUrl,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
  };
}
