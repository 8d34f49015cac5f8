// GET /me (and /users/{id}): the signed-in user's default property set, with $select.
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox } from "../model.ts";
import { callerOf, requirePermission } from "./caller.ts";
import { parseQueryOptions } from "./odata.ts";
import { checkUser, parsePath, USER_PREFIXES } from "./resources.ts";

const USER_PROPERTIES = new Set([
  "id", "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
  "preferredLanguage", "surname", "userPrincipalName",
]);

export function renderUser(mailbox: Mailbox): Record<string, unknown> {
  const [givenName = null, ...rest] = mailbox.displayName.split(" ");
  return {
    businessPhones: [],
    displayName: mailbox.displayName,
    givenName,
    jobTitle: null,
    mail: mailbox.address,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    surname: rest.length > 0 ? rest.join(" ") : null,
    userPrincipalName: mailbox.address,
    id: mailbox.userId,
  };
}

export function registerMe(graph: FastifyInstance, context: EmulatorContext): void {
  for (const prefix of USER_PREFIXES) {
    graph.get(prefix, async (request) => {
      const caller = callerOf(request);
      checkUser(caller, parsePath(request.params));
      requirePermission(caller, "user.read");
      const options = parseQueryOptions(request.query, USER_PROPERTIES, "user");
      const base = `${context.baseUrl()}/v1.0/$metadata#users`;
      const contextUrl = options.select ? `${base}(${options.select.join(",")})/$entity` : `${base}/$entity`;
      const user = renderUser(caller.mailbox);
      // Unlike entities of Outlook, a user does not keep its id when $select leaves it out.
      const body = options.select ? Object.fromEntries(Object.entries(user).filter(([name]) => options.select?.includes(name))) : user;
      return { "@odata.context": contextUrl, ...body };
    });
  }
}
