/** The API described as OpenAPI from the routes' zod schemas, browsable at /docs. */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { CSRF_HEADER } from "./csrf.ts";
import { SESSION_COOKIE } from "./auth.ts";

async function docs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: "CareRoom API",
        description: `Sign in with POST /api/auth/login; the session cookie \`${SESSION_COOKIE}\` is set. Every other POST, PATCH and DELETE must send the \`csrfToken\` of GET /api/me in the \`${CSRF_HEADER}\` header.`,
        version: "0.1.0",
      },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  // Its own CSP (with hashes of its inline parts) replaces the UI's on these pages only.
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });
}

export default fp(docs, { name: "careroom-docs" });
