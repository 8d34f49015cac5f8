// Graph's error answers: the {"error":{code,message,innerError}} envelope and the specific codes
// and messages Outlook uses for the situations the emulator reproduces.
import { innerErrorDate } from "../dates.ts";
import { timeZoneNotSupportedMessage } from "../timeZones.ts";

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

export function graphErrorBody(code: string, message: string, now: number, requestId: string, clientRequestId: string): GraphErrorBody {
  return { error: { code, message, innerError: { date: innerErrorDate(now), "request-id": requestId, "client-request-id": clientRequestId } } };
}

export const graphErrors = {
  itemNotFound: () => new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store."),
  irresolvableConflict: () =>
    new GraphError(
      412,
      "ErrorIrresolvableConflict",
      "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
    ),
  duplicateTransactionId: (transactionId: string) =>
    new GraphError(400, "ErrorDuplicateTransactionId", `The transaction id '${transactionId}' has already been used to create an item in this mailbox.`),
  timeZoneNotSupported: (timeZone: string) => new GraphError(400, "TimeZoneNotSupportedException", timeZoneNotSupportedMessage(timeZone)),
  missingToken: () => new GraphError(401, "InvalidAuthenticationToken", "Access token is empty."),
  invalidToken: () => new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."),
  expiredToken: () => new GraphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."),
  accessDenied: () => new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
  requestBodyRead: (message: string) => new GraphError(400, "RequestBodyRead", message),
  invalidRequest: (message: string) => new GraphError(400, "ErrorInvalidRequest", message),
  badRequest: (message: string) => new GraphError(400, "BadRequest", message),
  invalidFilter: () => new GraphError(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes."),
  unknownProperty: (property: string, type: string) =>
    new GraphError(400, "RequestBroker--ParseUri", `Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`),
  segmentNotFound: (segment: string) => new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`),
  syncStateNotFound: () =>
    new GraphError(410, "syncStateNotFound", "The sync state generation is not found. Please restart the sync with a new delta request."),
  subscriptionNotFound: (id: string) =>
    new GraphError(404, "ResourceNotFound", `The object was not found. Subscription with Id '${id}' was not found.`),
};
