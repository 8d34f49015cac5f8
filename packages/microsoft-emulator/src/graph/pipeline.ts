// The Graph request pipeline shared by every /v1.0 route: authentication, per-app-per-mailbox
// throttling, configured latency, Graph's response headers, and errors in Graph's envelope.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ZodError } from "zod";
import type { EmulatorContext } from "../context.ts";
import { pickDelay, sleep } from "../latency.ts";
import { authenticate } from "./caller.ts";
import { GraphError, graphErrorBody, graphErrors } from "./errors.ts";

const JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

declare module "fastify" {
  interface FastifyRequest {
    releaseAdmission: (() => void) | null;
  }
}

/** Routes that are not throttled as one request: a $batch is counted item by item. */
const UNTHROTTLED = new Set(["/v1.0/$batch"]);

function toGraphError(error: FastifyError | Error): GraphError {
  if (error instanceof GraphError) return error;
  if (error instanceof ZodError) return graphErrors.badRequest(error.issues[0]?.message ?? "Invalid request.");
  const code = "code" in error ? String(error.code) : "";
  if (code.startsWith("FST_ERR_CTP_")) {
    if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new GraphError(415, "UnsupportedMediaType", "The content type of the request is not supported.");
    return graphErrors.badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
  }
  if ("statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500) return graphErrors.badRequest(error.message);
  return new GraphError(500, "generalException", "An internal server error occurred.");
}

export function sendGraphError(context: EmulatorContext, request: FastifyRequest, reply: FastifyReply, failure: GraphError): FastifyReply {
  const clientRequestId = typeof request.headers["client-request-id"] === "string" ? request.headers["client-request-id"] : request.id;
  return reply
    .code(failure.status)
    .headers(failure.headers)
    .send(graphErrorBody(failure.code, failure.message, context.clock.now(), request.id, clientRequestId));
}

export function installGraphPipeline(graph: FastifyInstance, context: EmulatorContext): void {
  graph.decorateRequest("caller", null);
  graph.decorateRequest("releaseAdmission", null);

  graph.addHook("preHandler", async (request, reply) => {
    const caller = authenticate(context, request);
    request.caller = caller;
    if (!UNTHROTTLED.has(request.routeOptions.url ?? "")) {
      const admission = context.throttle.admit(caller.clientId, caller.mailbox.address);
      if (!admission.admitted) {
        context.stats.recordThrottle(admission.code);
        throw new GraphError(429, admission.code, admission.message, { "Retry-After": String(admission.retryAfterSeconds) });
      }
      request.releaseAdmission = admission.release;
      // A reset or dropped connection never reaches onResponse; "close" always fires.
      reply.raw.once("close", admission.release);
    }
    await sleep(pickDelay(context.latency));
  });

  graph.addHook("onResponse", async (request) => {
    request.releaseAdmission?.();
  });

  graph.addHook("onSend", async (request, reply, payload) => {
    const clientRequestId = request.headers["client-request-id"];
    reply.header("request-id", request.id);
    reply.header("client-request-id", typeof clientRequestId === "string" ? clientRequestId : request.id);
    reply.header("x-ms-ags-diagnostic", JSON.stringify({ ServerInfo: { DataCenter: "Emulator", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "EMULATOR" } }));
    const type = reply.getHeader("content-type");
    if (typeof type === "string" && type.startsWith("application/json")) {
      reply.header("content-type", JSON_CONTENT_TYPE);
      reply.header("odata-version", "4.0");
    }
    return payload;
  });

  graph.setErrorHandler((error: FastifyError | Error, request, reply) => sendGraphError(context, request, reply, toGraphError(error)));

  graph.setNotFoundHandler((request, reply) => {
    const segment = request.url.split("?")[0]?.split("/").filter((part) => part.length > 0).pop() ?? "";
    return sendGraphError(context, request, reply, graphErrors.segmentNotFound(decodeURIComponent(segment)));
  });
}
