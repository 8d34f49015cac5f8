// POST /v1.0/$batch: up to 20 requests run as if sent one by one (each authenticated and
// throttled on its own), at most 4 at a time, in dependsOn order; a request whose dependency
// failed gets 424. Answers come back in completion order.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import { graphErrors } from "./errors.ts";

const MAX_REQUESTS = 20;
// Outlook works on at most four requests of a batch at once.
const CONCURRENCY = 4;
const FORWARDED_RESPONSE_HEADERS = ["content-type", "location", "retry-after", "preference-applied", "etag"];

const batchSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string().min(1),
      method: z.string().transform((method) => method.toUpperCase()).pipe(z.enum(["GET", "POST", "PATCH", "PUT", "DELETE"])),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});
type BatchItem = z.infer<typeof batchSchema>["requests"][number];

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function validate(items: readonly BatchItem[]): void {
  if (items.length === 0) throw graphErrors.badRequest("Invalid batch payload format.");
  if (items.length > MAX_REQUESTS) throw graphErrors.badRequest(`The number of requests in the batch exceeds the maximum of ${MAX_REQUESTS}.`);
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw graphErrors.badRequest(`Batch request ids must be unique; '${item.id}' appears twice.`);
    ids.add(item.id);
  }
  for (const item of items) {
    for (const dependency of item.dependsOn ?? []) {
      if (!ids.has(dependency)) throw graphErrors.badRequest(`Request '${item.id}' depends on '${dependency}', which is not in the batch.`);
    }
    if (/^[a-z]+:\/\//i.test(item.url)) throw graphErrors.badRequest(`The url of request '${item.id}' must be relative.`);
    const hasContentType = Object.keys(item.headers ?? {}).some((name) => name.toLowerCase() === "content-type");
    if (item.body !== undefined && item.body !== null && !hasContentType) {
      throw graphErrors.badRequest(`Write request id : ${item.id} does not contain Content-Type header or body.`);
    }
  }
}

export function registerBatch(graph: FastifyInstance, context: EmulatorContext): void {
  graph.post("/$batch", async (request) => {
    const parsed = batchSchema.safeParse(request.body);
    if (!parsed.success) throw graphErrors.badRequest("Invalid batch payload format.");
    const items = parsed.data.requests;
    validate(items);
    const authorization = request.headers.authorization ?? "";

    const run = async (item: BatchItem): Promise<ItemResponse> => {
      const headers: Record<string, string> = { ...(item.headers ?? {}), authorization, "x-emulator-internal": context.internalRequestSecret };
      const hasBody = item.body !== undefined && item.body !== null;
      const response = await graph.inject({
        method: item.method,
        url: `/v1.0/${item.url.replace(/^\/+/, "").replace(/^v1\.0\//, "")}`,
        headers,
        ...(hasBody ? { payload: typeof item.body === "string" ? item.body : JSON.stringify(item.body) } : {}),
      });
      const forwarded: Record<string, string> = {};
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = response.headers[name];
        if (typeof value === "string") forwarded[name === "content-type" ? "Content-Type" : name === "retry-after" ? "Retry-After" : name] = value;
      }
      const text = response.body;
      let body: unknown = null;
      if (text.length > 0) {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = text;
        }
      }
      return { id: item.id, status: response.statusCode, headers: forwarded, body };
    };

    const results = new Map<string, ItemResponse>();
    const order: ItemResponse[] = [];
    const remaining = [...items];
    while (remaining.length > 0) {
      const ready = remaining.filter((item) => (item.dependsOn ?? []).every((dependency) => results.has(dependency))).slice(0, CONCURRENCY);
      if (ready.length === 0) throw graphErrors.badRequest("The dependsOn chain of the batch has a cycle.");
      await Promise.all(
        ready.map(async (item) => {
          remaining.splice(remaining.indexOf(item), 1);
          const failedDependency = (item.dependsOn ?? []).some((dependency) => (results.get(dependency)?.status ?? 500) >= 400);
          const result: ItemResponse = failedDependency
            ? {
                id: item.id,
                status: 424,
                headers: { "Content-Type": "application/json" },
                body: { error: { code: "FailedDependency", message: "The request could not be completed because a request it depends on failed." } },
              }
            : await run(item);
          results.set(item.id, result);
          order.push(result);
        }),
      );
    }
    return { responses: order };
  });
}
