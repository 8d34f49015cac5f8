/**
 * Serves the built browser UI (dist/ui): hashed assets cached for good, index.html always
 * revalidated, and index.html for every page path so the UI's router can take over.
 */
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";

export const DEFAULT_UI_DIR = fileURLToPath(new URL("../../../dist/ui", import.meta.url));

const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>CareRoom</title><p>The user interface is not built yet: run <code>npm run build:ui</code>, then reload.</p>\n';

export interface StaticUiOptions {
  uiDir: string;
}

export function isUiBuilt(uiDir: string): boolean {
  return existsSync(join(uiDir, "index.html"));
}

/** The page every UI path gets (needs the static plugin registered when the UI is built). */
export function sendUiIndex(reply: FastifyReply, uiDir: string): FastifyReply | Promise<FastifyReply> {
  if (!isUiBuilt(uiDir)) return reply.code(200).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
  return reply.sendFile("index.html", uiDir);
}

async function staticUi(app: FastifyInstance, options: StaticUiOptions): Promise<void> {
  if (!isUiBuilt(options.uiDir)) {
    app.log.warn({ uiDir: options.uiDir }, "the user interface is not built; run npm run build:ui");
  }
  // Registered even before a build, so sendFile exists and a later build is picked up.
  await app.register(fastifyStatic, {
    root: options.uiDir,
    prefix: "/",
    // "/" itself is the dashboard page; deeper page paths get index.html from the not-found handler.
    index: ["index.html"],
    cacheControl: false,
    setHeaders(reply, path) {
      const assetFile = path.includes(`${sep}assets${sep}`);
      reply.header("cache-control", assetFile ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
}

export default fp(staticUi, { name: "careroom-static-ui" });
