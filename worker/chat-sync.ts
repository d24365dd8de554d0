// Reconciliation: listing the active chats is how the worker finds what no push or webhook told it
// (livechat-api.md 4.3: pushes are not replayed; 4.8). Every listing is a billed request (10.1), so:
// - after every (re)connect, a full pass (every bot chat is read again);
// - with webhooks, a slow pass every `reconcileIntervalMs` (default 10 min) for anything lost;
// - without webhooks (no public URL, registration refused), the only way to learn of new bot chats:
//   a pass every `fallbackIntervalMs`, but only while some bot accepts chats inside its work schedule.
// Listings are filtered to the bots' groups (at most 200 ids, livechat-api.md 3.4).
import type { ChatSummary } from "../lib/livechat/rtm-schemas";
import type { Logger } from "../lib/log";
import type { AgentApi } from "./agent-api";
import { CallAbortedError } from "./api-policy";
import type { ChatIntake } from "./chat-intake";
import type { OrgConfig } from "./org-config";
import { jitter } from "./sleep";
import { isInsideWorkSchedule } from "./work-schedule";

export interface ChatSyncDeps {
  api: AgentApi;
  intake: ChatIntake;
  log: Logger;
  reconcileIntervalMs: number;
  fallbackIntervalMs: number;
  config(): OrgConfig | null;
  /** Connected, logged in and not stopping. */
  isReady(): boolean;
  /** Webhooks are registered, so new chats are announced by LiveChat. */
  webhooksActive(): boolean;
  /** Runs before each timed pass (e.g. retrying routing statuses that failed). */
  onTimedPass?(): void;
  now?(): Date;
}

const MAX_PAGES = 50;
/** setInterval's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_GROUP_FILTER = 200;

/** The group filter for listings: every group a bot serves; none when a bot serves no group or too many. */
export function listingGroupIds(config: OrgConfig): number[] | undefined {
  const ids = new Set<number>();
  for (const bot of config.bots.values()) {
    if (bot.groupIds.length === 0) return undefined;
    for (const id of bot.groupIds) ids.add(id);
  }
  return ids.size > 0 && ids.size <= MAX_GROUP_FILTER ? [...ids].sort((a, b) => a - b) : undefined;
}

/** Without webhooks, list only while a bot could be given a chat: accepting, inside its schedule. */
export function isAnyBotWorking(config: OrgConfig, now: Date): boolean {
  for (const bot of config.bots.values()) {
    if (bot.desiredRoutingStatus === "accepting_chats" && isInsideWorkSchedule(bot.workScheduler, now)) return true;
  }
  return false;
}

export class ChatSync {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private again: "full" | "new" | null = null;
  private stopped = false;

  constructor(private readonly deps: ChatSyncDeps) {}

  start(): void {
    const every = (ms: number) => Math.min(MAX_TIMER_MS, jitter(ms, 0.1));
    this.timers.push(setInterval(() => this.timedPass(false), every(this.deps.reconcileIntervalMs)));
    this.timers.push(setInterval(() => this.timedPass(true), every(this.deps.fallbackIntervalMs)));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** `full`: read every bot chat again; `new`: only those not followed or on a new thread. Coalesces. */
  sync(mode: "full" | "new"): Promise<void> {
    if (mode === "full" || this.again === null) this.again = mode;
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.again && !this.stopped) {
        const full = this.again === "full";
        this.again = null;
        try {
          await this.pass(full);
        } catch (error) {
          if (!(error instanceof CallAbortedError)) this.deps.log.warn("chat sync failed", { error });
        }
      }
    } finally {
      // Same turn as the last look at `again`: a sync() after this starts a new loop.
      this.running = null;
    }
  }

  private timedPass(isFallback: boolean): void {
    const config = this.deps.config();
    if (!config || !this.deps.isReady()) return;
    if (isFallback && (this.deps.webhooksActive() || !isAnyBotWorking(config, this.deps.now?.() ?? new Date()))) return;
    this.deps.onTimedPass?.();
    void this.sync("new");
  }

  private async pass(full: boolean): Promise<void> {
    const config = this.deps.config();
    if (!config || !this.deps.isReady()) return;
    const groupIds = listingGroupIds(config);
    const summaries: ChatSummary[] = [];
    let page = await this.deps.api.listChatsPage({ active: true, limit: 100, ...(groupIds ? { groupIds } : {}) });
    summaries.push(...page.chats);
    for (let pages = 1; page.nextPageId && pages < MAX_PAGES; pages += 1) {
      page = await this.deps.api.listChatsPage({ pageId: page.nextPageId });
      summaries.push(...page.chats);
    }
    // Cut short at MAX_PAGES: chats on later pages are still there, so nothing may be forgotten.
    this.deps.intake.reconcile(summaries, full, { complete: !page.nextPageId });
  }
}
