/**
 * Who the signed-in Microsoft account is (`GET /me`): the mailbox's stable id and its
 * address, read once when a link is made.
 */
import { request } from "undici";
import { z } from "zod";
import { ProviderFailure } from "../domain/provider.ts";

const MeSchema = z.object({
  id: z.string().min(1),
  // `mail` is null for some accounts; the user principal name is then the address.
  mail: z.string().nullable().optional(),
  userPrincipalName: z.string().min(1),
});

export interface Mailbox {
  id: string;
  address: string;
}

export async function fetchMailbox(graphBaseUrl: string, accessToken: string): Promise<Mailbox> {
  const url = `${graphBaseUrl.replace(/\/+$/, "")}/me?$select=id,mail,userPrincipalName`;
  let response;
  try {
    response = await request(url, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  } catch {
    throw new ProviderFailure({ kind: "network" }, "Microsoft Graph could not be reached.");
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new ProviderFailure({ kind: "http", status: response.statusCode }, `Microsoft Graph answered ${response.statusCode} for /me.`);
  }
  const me = MeSchema.parse(await response.body.json());
  return { id: me.id, address: (me.mail ?? me.userPrincipalName).toLowerCase() };
}
