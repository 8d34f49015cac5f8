/**
 * One keep-alive connection pool for every call to Microsoft (Graph and the identity
 * platform), so a token refresh reuses the connection the last one opened.
 */
import { Agent } from "undici";

export const microsoftAgent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

/** How long Microsoft may take to send headers, and then the body, unless a caller says otherwise. */
export const MICROSOFT_TIMEOUT_MS = 30_000;
