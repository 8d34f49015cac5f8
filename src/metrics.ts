/**
 * The process's Prometheus metrics (prom-client's default registry), served at /metrics:
 * what a person watching the sync needs to see: Graph requests by answer, throttling, and
 * what became of each push. Counts only: never a name, an address or a token.
 */
import { collectDefaultMetrics, Counter } from "prom-client";

collectDefaultMetrics({ prefix: "careroom_" });

export const graphRequests = new Counter({
  name: "careroom_graph_requests_total",
  help: "Requests to Microsoft Graph by method and HTTP status (0: no answer).",
  labelNames: ["method", "status"] as const,
});

export const syncOutcomes = new Counter({
  name: "careroom_sync_outcomes_total",
  help: "Mirror items handled by the sync worker, by outcome (written, gone, retry, failed, needs_relink).",
  labelNames: ["outcome"] as const,
});
