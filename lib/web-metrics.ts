// The dashboard's Prometheus metrics (GET /api/metrics, behind METRICS_TOKEN): LiveChat requests by
// action and status class (each one is billed, livechat-api.md 10.1) and the process's own. One
// registry per process, kept across Next.js hot reloads.
import { Counter, Registry, collectDefaultMetrics } from "prom-client";

interface WebMetrics {
  registry: Registry;
  livechatRequests: Counter<"action" | "status">;
}

const globalForMetrics = globalThis as unknown as { __botdeskWebMetrics?: WebMetrics };

export function webMetrics(): WebMetrics {
  if (!globalForMetrics.__botdeskWebMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "botdesk_web_process_" });
    const livechatRequests = new Counter({
      name: "botdesk_web_livechat_requests_total",
      help: "LiveChat requests the dashboard made, by action and HTTP status class.",
      labelNames: ["action", "status"],
      registers: [registry],
    });
    globalForMetrics.__botdeskWebMetrics = { registry, livechatRequests };
  }
  return globalForMetrics.__botdeskWebMetrics;
}

export function statusClass(status: number): string {
  return status === 0 ? "no_answer" : `${Math.floor(status / 100)}xx`;
}
