// Rule statistics from the Activity rows: how often each rule fired in the last 24 hours and
// 7 days and when it last fired, and the customer messages no rule matched (grouped by text, so a
// question asked fifty times shows once with its count) to turn into new rules.
import type { DbClient } from "./db-client";

const DAY_MS = 24 * 3_600_000;
/** Outcomes where a rule acted (a failed action still means the rule fired). */
const FIRED_OUTCOMES = ["replied", "handed_over", "tagged", "failed"];
/** Outcomes of a message that was evaluated (a missed message never was). */
const EVALUATED_OUTCOMES = ["replied", "handed_over", "tagged", "suppressed", "no_match", "failed"];

export interface RuleStat {
  ruleId: string;
  ruleName: string;
  botId: string;
  botName: string;
  position: number;
  isEnabled: boolean;
  fired24h: number;
  fired7d: number;
  lastFiredAt: string | null;
}

export interface UnmatchedMessage {
  botId: string | null;
  botName: string | null;
  messageText: string;
  count: number;
  lastSeenAt: string;
}

export interface RuleStats {
  rules: RuleStat[];
  unmatched: UnmatchedMessage[];
}

function countsByRule(rows: { ruleId: string | null; _count: { _all: number } }[]): Map<string, number> {
  return new Map(rows.flatMap((row) => (row.ruleId ? [[row.ruleId, row._count._all] as const] : [])));
}

export async function listRuleStatsByOrgId(db: DbClient, input: { orgId: string; botId?: string; now?: Date }): Promise<RuleStat[]> {
  const now = input.now ?? new Date();
  const fired = { orgId: input.orgId, ruleId: { not: null }, outcome: { in: FIRED_OUTCOMES }, ...(input.botId ? { botId: input.botId } : {}) };
  const [rules, day, week, last] = await Promise.all([
    db.rule.findMany({
      where: { orgId: input.orgId, ...(input.botId ? { botId: input.botId } : {}) },
      orderBy: [{ bot: { name: "asc" } }, { position: "asc" }],
      select: { id: true, name: true, position: true, enabled: true, botId: true, bot: { select: { name: true } } },
    }),
    db.activity.groupBy({ by: ["ruleId"], where: { ...fired, createdAt: { gt: new Date(now.getTime() - DAY_MS) } }, _count: { _all: true } }),
    db.activity.groupBy({ by: ["ruleId"], where: { ...fired, createdAt: { gt: new Date(now.getTime() - 7 * DAY_MS) } }, _count: { _all: true } }),
    db.activity.groupBy({ by: ["ruleId"], where: fired, _max: { createdAt: true } }),
  ]);
  const dayCounts = countsByRule(day);
  const weekCounts = countsByRule(week);
  const lastFired = new Map(last.flatMap((row) => (row.ruleId && row._max.createdAt ? [[row.ruleId, row._max.createdAt] as const] : [])));
  return rules.map((rule) => ({
    ruleId: rule.id,
    ruleName: rule.name,
    botId: rule.botId,
    botName: rule.bot.name,
    position: rule.position,
    isEnabled: rule.enabled,
    fired24h: dayCounts.get(rule.id) ?? 0,
    fired7d: weekCounts.get(rule.id) ?? 0,
    lastFiredAt: lastFired.get(rule.id)?.toISOString() ?? null,
  }));
}

/** Customer messages no rule matched (fallbacks and unmatched hand-overs included), newest first. */
export async function listUnmatchedMessagesByOrgId(
  db: DbClient,
  input: { orgId: string; botId?: string; now?: Date; take?: number },
): Promise<UnmatchedMessage[]> {
  const now = input.now ?? new Date();
  const groups = await db.activity.groupBy({
    by: ["botId", "messageText"],
    where: {
      orgId: input.orgId,
      ruleId: null,
      messageText: { not: null },
      outcome: { in: EVALUATED_OUTCOMES },
      createdAt: { gt: new Date(now.getTime() - 7 * DAY_MS) },
      ...(input.botId ? { botId: input.botId } : {}),
    },
    _count: { _all: true },
    _max: { createdAt: true },
    orderBy: { _max: { createdAt: "desc" } },
    take: input.take ?? 50,
  });
  const botIds = [...new Set(groups.flatMap((group) => (group.botId ? [group.botId] : [])))];
  const bots = botIds.length ? await db.bot.findMany({ where: { orgId: input.orgId, id: { in: botIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(bots.map((bot) => [bot.id, bot.name]));
  return groups.flatMap((group) =>
    group.messageText && group._max.createdAt
      ? [{
          botId: group.botId,
          botName: group.botId ? (names.get(group.botId) ?? null) : null,
          messageText: group.messageText,
          count: group._count._all,
          lastSeenAt: group._max.createdAt.toISOString(),
        }]
      : [],
  );
}

export async function getRuleStatsByOrgId(db: DbClient, input: { orgId: string; botId?: string; now?: Date }): Promise<RuleStats> {
  const [rules, unmatched] = await Promise.all([listRuleStatsByOrgId(db, input), listUnmatchedMessagesByOrgId(db, input)]);
  return { rules, unmatched };
}
