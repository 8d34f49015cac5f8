// Faults queued by tests through POST /_emulator/faults: an error status with Retry-After, extra
// latency, a connection reset, or a dropped response after the change was made, each matched by
// method and path and spent by count or drawn by probability.
import { z } from "zod";

export const faultSchema = z
  .object({
    method: z.string().optional(),
    /** Exact path without the query ("/v1.0/me/events"); "*" matches any run of characters. */
    path: z.string().min(1),
    status: z.union([z.literal(429), z.literal(503), z.literal(504)]).optional(),
    retryAfter: z.number().nonnegative().optional(),
    latencyMs: z.number().int().nonnegative().optional(),
    reset: z.boolean().optional(),
    dropResponse: z.boolean().optional(),
    count: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .refine((fault) => fault.status !== undefined || fault.latencyMs !== undefined || fault.reset === true || fault.dropResponse === true, {
    message: "A fault needs status, latencyMs, reset or dropResponse",
  });

export const faultListSchema = z.object({ faults: z.array(faultSchema).min(1) });

export type FaultSpec = z.infer<typeof faultSchema>;

interface QueuedFault {
  spec: FaultSpec;
  pattern: RegExp;
  /** Left to spend; Infinity for probability faults without a count. */
  remaining: number;
}

function pathPattern(path: string): RegExp {
  const escaped = path.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${escaped}$`, "i");
}

export class Faults {
  private queue: QueuedFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(specs: readonly FaultSpec[]): void {
    for (const spec of specs) {
      const remaining = spec.count ?? (spec.probability !== undefined ? Number.POSITIVE_INFINITY : 1);
      this.queue.push({ spec, pattern: pathPattern(spec.path), remaining });
    }
  }

  /** The fault to apply to this request, if any (spending one of its count). */
  take(method: string, path: string): FaultSpec | undefined {
    for (const fault of this.queue) {
      if (fault.spec.method && fault.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!fault.pattern.test(path)) continue;
      if (fault.spec.probability !== undefined && this.random() >= fault.spec.probability) continue;
      fault.remaining--;
      if (fault.remaining <= 0) this.queue = this.queue.filter((candidate) => candidate !== fault);
      return fault.spec;
    }
    return undefined;
  }

  pending(): Array<FaultSpec & { remaining: number | null }> {
    return this.queue.map((fault) => ({ ...fault.spec, remaining: Number.isFinite(fault.remaining) ? fault.remaining : null }));
  }

  clear(): void {
    this.queue = [];
  }
}
