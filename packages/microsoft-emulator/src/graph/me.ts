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
// Directory properties a mailbox of the emulator has no value for; selecting them answers null, as Graph does for unset ones.
const UNSET_USER_PROPERTIES = [
  "city", "companyName", "country", "department", "employeeId", "faxNumber", "mailNickname", "postalCode", "state",
  "streetAddress", "usageLocation", "userType", "onPremisesSamAccountName", "ageGroup",
];
const SELECTABLE_USER_PROPERTIES = new Set([...USER_PROPERTIES, ...UNSET_USER_PROPERTIES, "identities"]);

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
      const options = parseQueryOptions(request.query, SELECTABLE_USER_PROPERTIES, "user");
      const base = `${context.baseUrl()}/v1.0/$metadata#users`;
      const contextUrl = options.select ? `${base}(${options.select.join(",")})/$entity` : `${base}/$entity`;
      const user: Record<string, unknown> = {
        ...renderUser(caller.mailbox),
        ...Object.fromEntries(UNSET_USER_PROPERTIES.map((name) => [name, null])),
        identities: [{ signInType: "userPrincipalName", issuer: caller.mailbox.address.split("@")[1] ?? "", issuerAssignedId: caller.mailbox.address }],
      };
      // Unlike entities of Outlook, a user does not keep its id when $select leaves it out.
      const body = options.select ? Object.fromEntries(Object.entries(user).filter(([name]) => options.select?.includes(name))) : renderUser(caller.mailbox);
      return { "@odata.context": contextUrl, ...body };
    });
  }
}
