// The worker's Prometheus metrics, served at GET /metrics beside /healthz. One registry per Worker
// (tests run several in one process). Labels stay bounded: outcomes, reasons, LiveChat actions and
// status classes; never organization or chat ids.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MeteredRequest, RequestMeter } from "../lib/livechat/request-meter";

export class WorkerMetrics {
  readonly registry = new Registry();
  readonly replies: Counter<"outcome">;
  readonly replyLatency: Histogram;
  readonly reconnects: Counter<"reason">;
  readonly livechatRequests: Counter<"action" | "status">;
  readonly leasesHeld: Gauge;
  readonly eventLoopDelay: Gauge<"quantile">;
  readonly inboxDepth: Gauge;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "botdesk_worker_process_" });
    this.replies = new Counter({
      name: "botdesk_worker_messages_total",
      help: "Customer messages handled, by outcome (replied, handed_over, tagged, suppressed, no_match, failed, missed, duplicate).",
      labelNames: ["outcome"],
      registers,
    });
    this.replyLatency = new Histogram({
      name: "botdesk_worker_reply_seconds",
      help: "From the customer's message (its created_at) to the end of its handling, for live messages.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.reconnects = new Counter({
      name: "botdesk_worker_reconnects_total",
      help: "RTM reconnects, by reason (agent_disconnected reason, socket closed, dead peer, login failed).",
      labelNames: ["reason"],
      registers,
    });
    this.livechatRequests = new Counter({
      name: "botdesk_worker_livechat_requests_total",
      help: "LiveChat requests made (each one is billed, livechat-api.md 10.1), by action and HTTP status class.",
      labelNames: ["action", "status"],
      registers,
    });
    this.leasesHeld = new Gauge({ name: "botdesk_worker_leases_held", help: "Organizations this worker holds.", registers });
    this.eventLoopDelay = new Gauge({
      name: "botdesk_worker_event_loop_delay_seconds",
      help: "Event-loop delay over the last 5 s window.",
      labelNames: ["quantile"],
      registers,
    });
    this.inboxDepth = new Gauge({
      name: "botdesk_worker_webhook_inbox_pending",
      help: "Webhook deliveries waiting in the inbox for the organizations this worker holds.",
      registers,
    });
  }

  /** A meter that counts into `livechatRequests` and then hands the request to `next`. */
  meter(next: RequestMeter): RequestMeter {
    return {
      record: (request: MeteredRequest) => {
        this.livechatRequests.inc({ action: request.action, status: statusClass(request.status) });
        next.record(request);
      },
    };
  }

  /** What a reconnect was caused by, reduced to a bounded label. */
  static reconnectReason(error: string): string {
    const disconnected = /^agent_disconnected: (\w+)/.exec(error);
    if (disconnected) return disconnected[1]!;
    if (error.startsWith("dead peer")) return "dead_peer";
    if (error.startsWith("socket closed")) return "socket_closed";
    return "connect_failed";
  }
}

function statusClass(status: number): string {
  if (status === 0) return "no_answer";
  return `${Math.floor(status / 100)}xx`;
}
