// Mounts the Graph v1.0 surface under /v1.0 behind the shared Graph pipeline.
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { registerBatch } from "./batch.ts";
import { registerCalendars } from "./calendars.ts";
import { registerCalendarView } from "./calendarView.ts";
import { registerDelta } from "./delta.ts";
import { registerEvents } from "./events.ts";
import { registerMe } from "./me.ts";
import { installGraphPipeline } from "./pipeline.ts";
import { registerSubscriptions } from "./subscriptions.ts";

export async function registerGraph(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  await app.register(
    async (graph) => {
      installGraphPipeline(graph, context);
      registerMe(graph, context);
      registerCalendars(graph, context);
      registerEvents(graph, context);
      registerCalendarView(graph, context);
      registerDelta(graph, context);
      registerBatch(graph, context);
      registerSubscriptions(graph, context);
    },
    { prefix: "/v1.0" },
  );
}
