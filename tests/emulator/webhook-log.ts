// Every webhook delivery attempt the emulator made (or dropped on purpose), for tests and the demo.
// Bodies and secret keys are not recorded.
export interface WebhookDeliveryLogEntry {
  seq: number;
  time: string;
  /** One logical delivery; its retries and duplicate share it. */
  deliveryId: number;
  webhookId: string;
  action: string;
  organizationId: string;
  chatId: string | null;
  /** 1 for the first try, 2–4 for the retries (livechat-api.md 7.2: up to 3). */
  attempt: number;
  /** The extra copy sent by the `duplicate` fault. */
  duplicate: boolean;
  /** HTTP status of the answer; null when there was none. */
  status: number | null;
  /** `timeout`, `dropped` (fault), or the connection error; null when an answer came. */
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryFilter {
  webhookId?: string;
  action?: string;
  organizationId?: string;
  sinceSeq?: number;
}

const MAX_ENTRIES = 20_000;

export class WebhookDeliveryLog {
  private entries: WebhookDeliveryLogEntry[] = [];
  private seq = 0;

  record(entry: Omit<WebhookDeliveryLogEntry, "seq" | "time">, startedAt: Date): void {
    this.entries.push({ ...entry, seq: (this.seq += 1), time: startedAt.toISOString() });
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
  }

  list(filter: WebhookDeliveryFilter = {}): WebhookDeliveryLogEntry[] {
    return this.entries.filter(
      (entry) =>
        (filter.webhookId === undefined || entry.webhookId === filter.webhookId) &&
        (filter.action === undefined || entry.action === filter.action) &&
        (filter.organizationId === undefined || entry.organizationId === filter.organizationId) &&
        (filter.sinceSeq === undefined || entry.seq > filter.sinceSeq),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
