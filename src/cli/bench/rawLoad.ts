/**
 * The yardstick: a plain undici loop sending the event creates the worker sends (the same
 * body, built by the product's own payload code, with a fresh transactionId each) straight
 * to the emulator, spread over mailboxes, at most 4 in flight per mailbox.
 */
import { randomUUID } from "node:crypto";
import { Agent, request } from "undici";
import { outlookEventFor } from "../../domain/event.ts";
import type { OrgId, SessionId, UserId } from "../../domain/types.ts";
import { graphEventBody } from "../../microsoft/eventPayload.ts";

export interface RawLoadResult {
  requests: number;
  failed: number;
  seconds: number;
  requestsPerSec: number;
}

export async function rawCreates(input: {
  graphBaseUrl: string;
  accessTokens: readonly string[];
  requests: number;
  concurrency: number;
}): Promise<RawLoadResult> {
  // Never more lanes than mailboxes can take, so a lane always finds a mailbox with room.
  const concurrency = Math.min(input.concurrency, 4 * input.accessTokens.length);
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  const inFlight = new Array<number>(input.accessTokens.length).fill(0);
  let nextRequest = 0;
  let nextMailbox = 0;
  let failed = 0;
  const pickMailbox = (): number => {
    for (;;) {
      const index = nextMailbox++ % input.accessTokens.length;
      if (inFlight[index]! < 4) return index;
    }
  };
  const startedMs = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nextRequest < input.requests) {
        nextRequest++;
        const mailbox = pickMailbox();
        inFlight[mailbox]!++;
        try {
          const response = await request(`${input.graphBaseUrl}/me/events`, {
            method: "POST",
            dispatcher,
            headers: { authorization: `Bearer ${input.accessTokens[mailbox]}`, accept: "application/json", "content-type": "application/json" },
            body: JSON.stringify(graphEventBody(sampleDraft(), { transactionId: randomUUID() })),
          });
          await response.body.json();
          if (response.statusCode !== 201) failed++;
        } finally {
          inFlight[mailbox]!--;
        }
      }
    }),
  );
  const seconds = (performance.now() - startedMs) / 1000;
  await dispatcher.close();
  return { requests: input.requests, failed, seconds, requestsPerSec: input.requests / seconds };
}

/** A session like the benchmark's seeded ones, as the worker would render it. */
function sampleDraft() {
  return outlookEventFor(
    {
      id: randomUUID() as SessionId,
      orgId: randomUUID() as OrgId,
      hostId: randomUUID() as UserId,
      title: "Session 1",
      startsAt: new Date(Date.now() + 86_400_000),
      durationMin: 45,
      timeZone: "Europe/London",
      notes: null,
      status: "scheduled",
      participants: [{ name: "Pat Example", email: null, phone: null }],
      hostJoinToken: randomUUID(),
      participantJoinToken: randomUUID(),
    },
    { privacyLevel: "minimal", productName: "CareRoom", appUrl: "http://127.0.0.1:3000" },
  );
}
