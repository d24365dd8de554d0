// Keeps each bot's routing status where the dashboard wants it (livechat-api.md 3.3): applied after
// every connect and on config changes, re-applied when LiveChat reports another status (never in a
// tight loop), and the status LiveChat has recorded for the dashboard.
import type { Db } from "../lib/db";
import type { RoutingStatus } from "../lib/livechat/agent-web-api";
import type { Logger } from "../lib/log";
import type { AgentApi } from "./agent-api";
import type { BotTokenCache } from "./bot-tokens";
import type { ManagedBot } from "./org-config";

export interface RoutingKeeperDeps {
  db: Db;
  orgId: string;
  api: AgentApi;
  botTokens: BotTokenCache;
  log: Logger;
  bots(): Iterable<ManagedBot>;
  bot(livechatBotId: string): ManagedBot | undefined;
  /** Connected and not stopping. */
  isLive(): boolean;
}

/** Re-applying a status LiveChat changed behind our back waits at least this long. */
const REAPPLY_MS = 5_000;

export class RoutingKeeper {
  private readonly applied = new Map<string, { status: RoutingStatus; at: number }>();
  /** Bots with a re-application waiting: further reports until it runs change nothing. */
  private readonly reapplying = new Set<string>();

  constructor(private readonly deps: RoutingKeeperDeps) {}

  /** Applies each bot's desired status; all of them with `force` (after connecting). */
  async applyAll(force: boolean): Promise<void> {
    await Promise.all([...this.deps.bots()].map((bot) => this.apply(bot, force)));
  }

  /** LiveChat reported a status (`routing_status_set`): record it, and put ours back if it differs. */
  onStatusSet(agentId: string, status: string): void {
    const bot = this.deps.bot(agentId);
    if (!bot) return;
    void this.record(bot, status).catch((error: unknown) => this.deps.log.warn("routing status not recorded", { error }));
    if (status === bot.desiredRoutingStatus || this.reapplying.has(bot.id)) return;
    const applied = this.applied.get(bot.id);
    const wait = applied ? Math.max(0, applied.at + REAPPLY_MS - Date.now()) : 0;
    this.reapplying.add(bot.id);
    setTimeout(() => {
      this.reapplying.delete(bot.id);
      const current = this.deps.bot(agentId);
      if (current && this.deps.isLive()) void this.apply(current, true);
    }, wait).unref();
  }

  private async apply(bot: ManagedBot, force: boolean): Promise<void> {
    const applied = this.applied.get(bot.id);
    if (!force && applied?.status === bot.desiredRoutingStatus) return;
    const status = bot.desiredRoutingStatus;
    try {
      // With its own token a bot may always set its own status (bot tokens carry agents-bot--my:rw, 2.6).
      const token = bot.secretEnc ? await this.deps.botTokens.get(bot.id, bot.secretKey) : undefined;
      await this.deps.api.setRoutingStatus(bot.livechatBotId, status, token);
      this.applied.set(bot.id, { status, at: Date.now() });
      await this.record(bot, status);
      this.deps.log.info("routing status applied", { botId: bot.id, status });
    } catch (error) {
      this.applied.delete(bot.id);
      this.deps.log.warn("routing status not applied", { botId: bot.id, error });
    }
  }

  private async record(bot: ManagedBot, status: string): Promise<void> {
    await this.deps.db.bot.updateMany({
      where: { id: bot.id, orgId: this.deps.orgId },
      data: { currentRoutingStatus: status, currentRoutingStatusAt: new Date() },
    });
  }
}
