// The OrgConnection row the dashboard's Worker page reads: state and since when, reconnects
// today, the last error, why the organization stopped, and the access token's expiry. Writes for
// one organization go out one after another, in order; a failed write is logged, never thrown.
import type { Db } from "../lib/db";
import type { Logger } from "../lib/log";

export type ConnectionState = "idle" | "connecting" | "authenticating" | "ready" | "backoff" | "stopped";

export interface ConnectionUpdate {
  state?: ConnectionState;
  lastError?: string | null;
  stoppedReason?: string | null;
  tokenExpiresAt?: Date | null;
  /** Count one reconnect (reset each UTC day). */
  countReconnect?: boolean;
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export class ConnectionReporter {
  private chain: Promise<void> = Promise.resolve();
  private lastState: ConnectionState | null = null;

  constructor(
    private readonly db: Db,
    private readonly orgId: string,
    private readonly workerId: string,
    private readonly log: Logger,
  ) {}

  update(update: ConnectionUpdate): void {
    const now = new Date();
    const isNewState = update.state !== undefined && update.state !== this.lastState;
    if (update.state !== undefined) this.lastState = update.state;
    this.chain = this.chain.then(async () => {
      try {
        const current = update.countReconnect
          ? await this.db.orgConnection.findUnique({ where: { orgId: this.orgId }, select: { reconnectCount: true, reconnectDay: true } })
          : null;
        const today = utcDay(now);
        const reconnects = update.countReconnect
          ? { reconnectCount: current?.reconnectDay === today ? current.reconnectCount + 1 : 1, reconnectDay: today }
          : {};
        const data = {
          workerId: this.workerId,
          ...(isNewState && update.state ? { state: update.state, stateSince: now } : {}),
          ...(update.lastError !== undefined ? { lastError: update.lastError } : {}),
          ...(update.stoppedReason !== undefined ? { stoppedReason: update.stoppedReason } : {}),
          ...(update.tokenExpiresAt !== undefined ? { tokenExpiresAt: update.tokenExpiresAt } : {}),
          ...reconnects,
        };
        await this.db.orgConnection.upsert({
          where: { orgId: this.orgId },
          create: { orgId: this.orgId, state: update.state ?? "idle", stateSince: now, ...data },
          update: data,
        });
      } catch (error) {
        this.log.warn("connection state not saved", { error });
      }
    });
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
