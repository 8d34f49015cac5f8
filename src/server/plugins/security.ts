/**
 * Security headers for every response. The Content-Security-Policy fits a Vite-built
 * React app: scripts only from our own origin, never inline.
 */
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export interface SecurityOptions {
  /** Served over HTTPS: then browsers are told to stay on HTTPS. */
  https: boolean;
}

async function security(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Calendar widgets inject <style> elements at run time; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // The calendar link opens Microsoft's sign-in in a popup that must report back to us.
    crossOriginOpenerPolicy: { policy: "same-origin-allow-popups" },
    strictTransportSecurity: options.https,
  });
  // The sign-in popup's last steps (our callback's redirect, then the closing page) follow
  // Microsoft's pages in the same window; a stricter policy there would cut the popup off
  // from the page that opened it, and it could never report back or close.
  app.addHook("onSend", async (request, reply) => {
    if (POPUP_PATHS.some((path) => request.url.startsWith(path))) reply.header("cross-origin-opener-policy", "unsafe-none");
  });
}

/** The UI page the Microsoft sign-in popup ends on. */
export const LINK_FINISHED_PATH = "/link-finished";
export const MICROSOFT_CALLBACK_PATH = "/auth/microsoft/callback";
const POPUP_PATHS = [MICROSOFT_CALLBACK_PATH, LINK_FINISHED_PATH];

export default fp(security, { name: "careroom-security" });
