// Sends webhook deliveries (livechat-api.md 7.2): a JSON POST to the registered URL, asynchronous
// (never inside the API call or push that caused it), never blocking the event loop. An answer
// other than HTTP 200, a connection error, or no answer within `webhookTimeoutMs` fails the
// attempt; it is retried after each of `webhookRetryDelaysMs` (at most 3 retries), with the same
// body every time. The docs say "without a 200, LiveChat retries": stricter than "any 2xx", so a
// 204 is a failure too. Redirects are not followed (a 3xx is a failure).
import { MAX_WEBHOOK_RETRIES, type EmulatorTimings } from "./timings";
import type { WebhookFaults } from "./webhook-faults";
import type { WebhookDeliveryLog, WebhookDeliveryLogEntry } from "./webhook-log";

export interface DeliveryJob {
  webhookId: string;
  action: string;
  organizationId: string;
  chatId: string | null;
  url: string;
  /** Serialized once, when the action happened: every attempt sends exactly these bytes. */
  body: string;
}

type Attempt = Pick<WebhookDeliveryLogEntry, "deliveryId" | "attempt" | "duplicate">;

function describeError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === "string") return `connection error: ${cause.code}`;
  if (cause && typeof cause.message === "string") return `connection error: ${cause.message}`;
  return `connection error: ${error instanceof Error ? error.message : String(error)}`;
}

export class WebhookSender {
  private nextDeliveryId = 0;
  private unfinished = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();

  constructor(
    private readonly timings: () => EmulatorTimings,
    private readonly faults: WebhookFaults,
    private readonly log: WebhookDeliveryLog,
  ) {}

  /** Deliveries still being attempted or waiting for a retry. */
  get pending(): number {
    return this.unfinished;
  }

  enqueue(job: DeliveryJob): void {
    if (this.closed) return;
    const deliveryId = (this.nextDeliveryId += 1);
    if (this.faults.takeDrop()) {
      this.record(job, { deliveryId, attempt: 1, duplicate: false }, new Date(), { status: null, error: "dropped", durationMs: 0 });
      return;
    }
    this.unfinished += 1;
    this.later(this.faults.delayMs, () => this.attempt(job, deliveryId, 1));
  }

  /** Stops everything: pending retries are forgotten and requests in flight are aborted. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
    this.unfinished = 0;
  }

  private later(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(job: DeliveryJob, deliveryId: number, attempt: number): Promise<void> {
    if (this.closed) return;
    const delivered = await this.post(job, { deliveryId, attempt, duplicate: false });
    if (attempt === 1 && this.faults.duplicate && !this.closed) await this.post(job, { deliveryId, attempt, duplicate: true });
    if (this.closed) return;
    const retryDelays = this.timings().webhookRetryDelaysMs.slice(0, MAX_WEBHOOK_RETRIES);
    const wait = retryDelays[attempt - 1];
    if (delivered || wait === undefined) {
      this.unfinished -= 1;
      return;
    }
    this.later(wait + this.faults.delayMs, () => this.attempt(job, deliveryId, attempt + 1));
  }

  /** One POST; true when it was answered with 200. */
  private async post(job: DeliveryJob, attempt: Attempt): Promise<boolean> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.timings().webhookTimeoutMs);
    const startedAt = new Date();
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(job.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: job.body,
        redirect: "manual",
        signal: controller.signal,
      });
      status = response.status;
      // The answer's body is of no interest; release the connection.
      await response.body?.cancel().catch(() => undefined);
    } catch (caught) {
      error = controller.signal.aborted ? "timeout" : describeError(caught);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    if (this.closed) return false;
    this.record(job, attempt, startedAt, { status, error, durationMs: Math.round(performance.now() - started) });
    return status === 200;
  }

  private record(job: DeliveryJob, attempt: Attempt, startedAt: Date, outcome: Pick<WebhookDeliveryLogEntry, "status" | "error" | "durationMs">): void {
    this.log.record(
      { ...attempt, webhookId: job.webhookId, action: job.action, organizationId: job.organizationId, chatId: job.chatId, ...outcome },
      startedAt,
    );
  }
}
