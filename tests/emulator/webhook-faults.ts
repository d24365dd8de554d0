// Fault switches for webhook deliveries (not LiveChat behaviour: ways to test a receiver).
//  - drop: the next N deliveries (or all, until cleared) are never sent, and never retried.
//  - delay: milliseconds added before each attempt (retries included).
//  - duplicate: every delivery is sent twice; the copy goes right after the first attempt's answer
//    and does not change whether the delivery is retried.
export interface WebhookDropOptions {
  /** Omitted: every delivery until `clear`. */
  count?: number;
}

export class WebhookFaults {
  /** null: off; Infinity: all until cleared. */
  private dropRemaining: number | null = null;
  delayMs = 0;
  duplicate = false;

  drop(options: WebhookDropOptions = {}): void {
    this.dropRemaining = options.count ?? Number.POSITIVE_INFINITY;
  }

  /** Consumes one planned drop, if any. */
  takeDrop(): boolean {
    if (this.dropRemaining === null || this.dropRemaining <= 0) return false;
    this.dropRemaining -= 1;
    if (this.dropRemaining <= 0) this.dropRemaining = null;
    return true;
  }

  clear(): void {
    this.dropRemaining = null;
    this.delayMs = 0;
    this.duplicate = false;
  }
}
