// Applies queued faults and request accounting to every request that is not the control API or a
// page: injected latency, error statuses with Retry-After, connection resets, dropped responses.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "./context.ts";
import type { FaultSpec } from "./faults.ts";
import { identityErrorBody, identityErrors, IdentityError, newCorrelationId } from "./identity/errors.ts";
import { GraphError } from "./graph/errors.ts";
import { sendGraphError } from "./graph/pipeline.ts";
import { sleep } from "./latency.ts";

declare module "fastify" {
  interface FastifyRequest {
    dropResponse: boolean;
  }
}

/** Paths the fault and statistics machinery leaves alone. */
export function isServiceRequest(path: string): boolean {
  return path.startsWith("/v1.0/") || path === "/v1.0" || /^\/[^/]+\/(oauth2|v2\.0|discovery)\//.test(path);
}

export function isInternalRequest(context: EmulatorContext, request: FastifyRequest): boolean {
  return request.headers["x-emulator-internal"] === context.internalRequestSecret;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0] ?? request.url;
}

const GRAPH_FAULTS: Readonly<Record<number, { code: string; message: string }>> = {
  429: { code: "TooManyRequests", message: "Please retry again later." },
  503: { code: "serviceNotAvailable", message: "The service is temporarily unavailable. You may repeat the request after a delay." },
  504: { code: "timeout", message: "The operation timed out." },
};

function sendFaultStatus(context: EmulatorContext, request: FastifyRequest, reply: FastifyReply, fault: FaultSpec & { status: number }): FastifyReply {
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {};
  if (pathOf(request).startsWith("/v1.0")) {
    const { code, message } = GRAPH_FAULTS[fault.status] ?? { code: "generalException", message: "An error occurred." };
    return sendGraphError(context, request, reply, new GraphError(fault.status, code, message, headers));
  }
  const base = identityErrors.temporarilyUnavailable();
  const failure = new IdentityError(fault.status, base.error, base.code, base.description);
  const body = identityErrorBody(failure, context.clock.now(), newCorrelationId(request.headers["client-request-id"]), context.baseUrl());
  return reply.code(fault.status).headers(headers).send(body);
}

function resetConnection(request: FastifyRequest): void {
  const socket = request.raw.socket;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

export function installFaultHooks(app: FastifyInstance, context: EmulatorContext): void {
  app.decorateRequest("dropResponse", false);

  app.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request);
    if (!isServiceRequest(path)) return;
    const fault = context.faults.take(request.method, path);
    if (!fault) return;
    context.stats.recordFault();
    if (fault.latencyMs !== undefined) await sleep(fault.latencyMs);
    // A $batch item has no connection of its own to break; only the status part of a fault applies to it.
    const connected = !isInternalRequest(context, request);
    if (fault.reset && connected) {
      context.stats.recordRequest(`${request.method} ${path}`, 0);
      reply.hijack();
      resetConnection(request);
      return;
    }
    if (fault.dropResponse && connected) request.dropResponse = true;
    if (fault.status !== undefined) return sendFaultStatus(context, request, reply, { ...fault, status: fault.status });
  });

  app.addHook("onSend", async (request, _reply, payload) => {
    // The handler has committed its change; the client only loses the answer.
    if (request.dropResponse) resetConnection(request);
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    const path = pathOf(request);
    if (!isServiceRequest(path)) return;
    context.stats.recordRequest(`${request.method} ${request.routeOptions.url ?? path}`, request.dropResponse ? 0 : reply.statusCode);
  });
}
