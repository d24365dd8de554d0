// The Overview page: the organization's bots (routing status, rule counts), the worker's health,
// today's numbers, and the warnings someone has to act on.
import { countRulesWithWarnings, parseRuleWarnings } from "./rules";
import { getConnectionStatus } from "./organizations";
import type { DbClient } from "./db-client";
import { getWorkerStatus, WORKER_STALE_AFTER_MS } from "./worker-status";
import type { Db } from "../db";

export type WarningKind = "connection" | "worker" | "bot_routing" | "rule_lint";

export interface OverviewWarning {
  kind: WarningKind;
  /** Stable across refreshes (for React keys and tests). */
  id: string;
  message: string;
  /** The page under the organization where it is fixed, e.g. "/team". */
  path: string;
}

export interface OverviewBot {
  id: string;
  name: string;
  desiredRoutingStatus: string;
  currentRoutingStatus: string | null;
  ruleCount: number;
  enabledRuleCount: number;
  rulesWithWarnings: number;
}

export interface Overview {
  bots: OverviewBot[];
  worker: { isAlive: boolean; lastBeatAt: string | null; connectionState: string | null; connectionSince: string | null; isOwned: boolean };
  today: { since: string; replies: number; handled: number };
  warnings: OverviewWarning[];
}

const ROUTING_WORDS: Record<string, string> = { accepting_chats: "accepting chats", not_accepting_chats: "not accepting chats", offline: "offline" };
const routingWords = (status: string | null) => (status ? (ROUTING_WORDS[status] ?? status) : "unknown");

/** The bots with their rule counts and how many rules have warnings (stored when the rules changed). */
async function listBotsWithRuleCounts(db: DbClient, orgId: string): Promise<OverviewBot[]> {
  const [bots, counts] = await Promise.all([
    db.bot.findMany({
      where: { orgId },
      orderBy: { name: "asc" },
      select: { id: true, name: true, desiredRoutingStatus: true, currentRoutingStatus: true, ruleWarnings: true },
    }),
    db.rule.groupBy({ by: ["botId", "enabled"], where: { orgId }, _count: { _all: true } }),
  ]);
  const countOf = (botId: string, enabled?: boolean) =>
    counts.filter((row) => row.botId === botId && (enabled === undefined || row.enabled === enabled)).reduce((sum, row) => sum + row._count._all, 0);
  return bots.map(({ ruleWarnings, ...bot }) => ({
    ...bot,
    ruleCount: countOf(bot.id),
    enabledRuleCount: countOf(bot.id, true),
    rulesWithWarnings: countRulesWithWarnings(parseRuleWarnings(ruleWarnings)),
  }));
}

function botWarnings(bot: OverviewBot): OverviewWarning[] {
  const warnings: OverviewWarning[] = [];
  const path = "/bots";
  if (bot.currentRoutingStatus !== null && bot.desiredRoutingStatus !== bot.currentRoutingStatus) {
    const message = `${bot.name} should be ${routingWords(bot.desiredRoutingStatus)}, but LiveChat shows it ${routingWords(bot.currentRoutingStatus)}.`;
    warnings.push({ kind: "bot_routing", id: `routing-${bot.id}`, message, path });
  } else if (bot.currentRoutingStatus === null || bot.currentRoutingStatus === "offline") {
    warnings.push({ kind: "bot_routing", id: `offline-${bot.id}`, message: `${bot.name} is offline, so it takes no chats.`, path });
  }
  if (bot.rulesWithWarnings > 0) {
    const count = bot.rulesWithWarnings === 1 ? "1 rule" : `${bot.rulesWithWarnings} rules`;
    warnings.push({ kind: "rule_lint", id: `lint-${bot.id}`, message: `${count} of ${bot.name} ${bot.rulesWithWarnings === 1 ? "has" : "have"} warnings.`, path: `/rules?bot=${encodeURIComponent(bot.id)}` });
  }
  return warnings;
}

export async function getOverviewByOrgId(db: Db, input: { orgId: string; now?: Date }): Promise<Overview> {
  const now = input.now ?? new Date();
  const since = new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const [bots, connection, status, todayCounts] = await Promise.all([
    listBotsWithRuleCounts(db, input.orgId),
    getConnectionStatus(db, { orgId: input.orgId }),
    getWorkerStatus(db, { orgId: input.orgId, now }),
    db.activity.groupBy({ by: ["outcome"], where: { orgId: input.orgId, createdAt: { gte: since } }, _count: { _all: true } }),
  ]);
  const warnings: OverviewWarning[] = [];
  if (connection.health === "needs_reauth") {
    const who = connection.holder ? `${connection.holder.name}'s LiveChat authorization` : "The LiveChat authorization";
    warnings.push({ kind: "connection", id: "connection-reauth", message: `${who} needs to be renewed: sign in again or take over the connection.`, path: "/team" });
  } else if (connection.health === "missing" || connection.health === "missing_scopes") {
    warnings.push({ kind: "connection", id: `connection-${connection.health}`, message: "Nobody has granted bot management access yet, so the bots cannot run.", path: "/team" });
  }
  const alive = status.workers.filter((worker) => worker.isAlive);
  const owner = alive.find((worker) => worker.ownsThisOrganization);
  if (alive.length === 0) {
    warnings.push({ kind: "worker", id: "worker-silent", message: `No worker has been heard from in the last ${WORKER_STALE_AFTER_MS / 1000} seconds, so nobody answers customers.`, path: "/worker" });
  } else if (!owner) {
    warnings.push({ kind: "worker", id: "worker-unowned", message: "No worker has taken on this organization yet, so nobody answers its customers.", path: "/worker" });
  }
  if (status.connection?.stoppedReason) {
    warnings.push({ kind: "worker", id: "worker-stopped", message: `The worker stopped this organization's connection: ${status.connection.stoppedReason}`, path: "/worker" });
  }
  for (const bot of bots) warnings.push(...botWarnings(bot));
  const countOf = (outcome: string) => todayCounts.find((row) => row.outcome === outcome)?._count._all ?? 0;
  const lastBeat = status.workers.reduce<Date | null>((latest, worker) => (!latest || worker.lastBeatAt > latest ? worker.lastBeatAt : latest), null);
  return {
    bots,
    worker: {
      isAlive: alive.length > 0,
      lastBeatAt: lastBeat?.toISOString() ?? null,
      connectionState: status.connection?.state ?? null,
      connectionSince: status.connection?.stateSince.toISOString() ?? null,
      isOwned: owner !== undefined,
    },
    today: { since: since.toISOString(), replies: countOf("replied"), handled: todayCounts.reduce((sum, row) => sum + (row.outcome === "missed" ? 0 : row._count._all), 0) },
    warnings,
  };
}
