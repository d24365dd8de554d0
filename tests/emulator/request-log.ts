// A log of every request the emulator answered (HTTP and RTM) and of every push it sent, so
// tests can assert who called what. Bodies, messages and tokens are never recorded.
export type Surface = "authorize" | "accounts" | "configuration" | "agent-web" | "rtm";

export interface Caller {
  type: "account" | "bot" | "client" | "anonymous";
  id: string | null;
}

export interface RequestLogEntry {
  seq: number;
  time: string;
  surface: Surface;
  /** Action name (`send_event`), or METHOD + path for the accounts service. */
  action: string;
  organizationId: string | null;
  who: Caller;
  /** HTTP status; for RTM 200 on success and the error table's status otherwise. */
  status: number;
  errorType: string | null;
  chatId: string | null;
  connectionId: string | null;
  requestId: string | null;
}

export interface PushLogEntry {
  seq: number;
  time: string;
  connectionId: string;
  organizationId: string;
  agentId: string | null;
  action: string;
  chatId: string | null;
  requestId: string | null;
}

const MAX_ENTRIES = 20_000;

export interface RequestLogFilter {
  surface?: Surface;
  action?: string;
  organizationId?: string;
  sinceSeq?: number;
}

export class RequestLog {
  private requests: RequestLogEntry[] = [];
  private pushes: PushLogEntry[] = [];
  private seq = 0;

  /** `onRecord` sees every request, also those the capped log later forgets (billing.ts). */
  constructor(private readonly onRecord: (entry: Omit<RequestLogEntry, "seq" | "time">) => void = () => undefined) {}

  record(entry: Omit<RequestLogEntry, "seq" | "time">): void {
    this.onRecord(entry);
    this.requests.push({ ...entry, seq: (this.seq += 1), time: new Date().toISOString() });
    if (this.requests.length > MAX_ENTRIES) this.requests.shift();
  }

  recordPush(entry: Omit<PushLogEntry, "seq" | "time">): void {
    this.pushes.push({ ...entry, seq: (this.seq += 1), time: new Date().toISOString() });
    if (this.pushes.length > MAX_ENTRIES) this.pushes.shift();
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.requests.filter(
      (entry) =>
        (filter.surface === undefined || entry.surface === filter.surface) &&
        (filter.action === undefined || entry.action === filter.action) &&
        (filter.organizationId === undefined || entry.organizationId === filter.organizationId) &&
        (filter.sinceSeq === undefined || entry.seq > filter.sinceSeq),
    );
  }

  listPushes(filter: { action?: string; connectionId?: string; sinceSeq?: number } = {}): PushLogEntry[] {
    return this.pushes.filter(
      (entry) =>
        (filter.action === undefined || entry.action === filter.action) &&
        (filter.connectionId === undefined || entry.connectionId === filter.connectionId) &&
        (filter.sinceSeq === undefined || entry.seq > filter.sinceSeq),
    );
  }

  clear(): void {
    this.requests = [];
    this.pushes = [];
  }
}

/** Picks the chat id out of a request payload for the log (`chat_id` or, for some actions, `id`). */
export function chatIdOf(action: string, payload: unknown): string | null {
  if (!payload || typeof payload !== "object") return null;
  const record = payload as Record<string, unknown>;
  if (typeof record.chat_id === "string") return record.chat_id;
  const usesId = ["get_chat", "follow_chat", "unfollow_chat", "transfer_chat", "deactivate_chat"];
  return usesId.includes(action) && typeof record.id === "string" ? record.id : null;
}
