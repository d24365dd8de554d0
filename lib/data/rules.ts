// A bot's trigger rules as Botdesk stores them, always filtered by organization and bot in the
// same query. Positions are 0..n-1 in evaluation order; functions that move rules keep them so.
// Callers run these inside one transaction when a change spans several statements.
import { AppError } from "../errors";
import type { RuleInput } from "../validation/rule";
import type { DbClient as Db } from "./db-client";

interface BotScope {
  orgId: string;
  botId: string;
}

const RULE_NOT_FOUND = "Rule not found";

export async function listRulesByBotId(db: Db, { orgId, botId }: BotScope) {
  return db.rule.findMany({ where: { orgId, botId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export async function getRuleById(db: Db, { orgId, botId, ruleId }: BotScope & { ruleId: string }) {
  const rule = await db.rule.findFirst({ where: { id: ruleId, orgId, botId } });
  if (!rule) throw new AppError("not_found", RULE_NOT_FOUND);
  return rule;
}

function fields(input: RuleInput) {
  return { name: input.name, enabled: input.enabled, definition: JSON.stringify(input.definition) };
}

/** Adds the rule after the bot's last one. */
export async function createRule(db: Db, { orgId, botId, input }: BotScope & { input: RuleInput }) {
  const last = await db.rule.findFirst({ where: { orgId, botId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.rule.create({ data: { orgId, botId, position: (last?.position ?? -1) + 1, ...fields(input) } });
}

/** Inserts the rule right after `position`, moving the later rules down by one. */
export async function insertRuleAfter(db: Db, { orgId, botId, position, input }: BotScope & { position: number; input: RuleInput }) {
  await db.rule.updateMany({ where: { orgId, botId, position: { gt: position } }, data: { position: { increment: 1 } } });
  return db.rule.create({ data: { orgId, botId, position: position + 1, ...fields(input) } });
}

export async function updateRule(db: Db, { orgId, botId, ruleId, input }: BotScope & { ruleId: string; input: RuleInput }) {
  const { count } = await db.rule.updateMany({ where: { id: ruleId, orgId, botId }, data: fields(input) });
  if (count === 0) throw new AppError("not_found", RULE_NOT_FOUND);
}

/** Deletes the rule and closes the gap it leaves in the positions. */
export async function deleteRule(db: Db, { orgId, botId, ruleId }: BotScope & { ruleId: string }) {
  const rule = await db.rule.findFirst({ where: { id: ruleId, orgId, botId }, select: { position: true } });
  const { count } = await db.rule.deleteMany({ where: { id: ruleId, orgId, botId } });
  if (!rule || count === 0) throw new AppError("not_found", RULE_NOT_FOUND);
  await db.rule.updateMany({ where: { orgId, botId, position: { gt: rule.position } }, data: { position: { decrement: 1 } } });
}

/**
 * Puts the bot's rules in the order of `ruleIds`, which must name every rule of the bot exactly
 * once: a list made from a stale page (a rule added or deleted meanwhile) is refused, not guessed at.
 */
export async function reorderRules(db: Db, { orgId, botId, ruleIds }: BotScope & { ruleIds: readonly string[] }) {
  const current = await db.rule.findMany({ where: { orgId, botId }, select: { id: true, position: true } });
  const known = new Set(current.map((rule) => rule.id));
  const isExact = ruleIds.length === current.length && new Set(ruleIds).size === ruleIds.length && ruleIds.every((id) => known.has(id));
  if (!isExact) {
    throw new AppError("conflict", "The rules changed since this list was loaded (a rule was added or deleted). Reload and try again.");
  }
  const positions = new Map(current.map((rule) => [rule.id, rule.position]));
  for (const [position, id] of ruleIds.entries()) {
    if (positions.get(id) === position) continue;
    await db.rule.updateMany({ where: { id, orgId, botId }, data: { position } });
  }
}

/** Replaces all of the bot's rules with `inputs`, in that order. */
export async function replaceRules(db: Db, { orgId, botId, inputs }: BotScope & { inputs: readonly RuleInput[] }) {
  await db.rule.deleteMany({ where: { orgId, botId } });
  if (inputs.length === 0) return;
  await db.rule.createMany({ data: inputs.map((input, position) => ({ orgId, botId, position, ...fields(input) })) });
}

/** The bot's rule settings as stored (JSON text; parsed and defaulted by the caller). */
export async function getRuleSettingsText(db: Db, { orgId, botId }: BotScope): Promise<string> {
  const bot = await db.bot.findFirst({ where: { id: botId, orgId }, select: { ruleSettings: true } });
  if (!bot) throw new AppError("not_found", "Bot not found");
  return bot.ruleSettings;
}

export async function setRuleSettingsText(db: Db, { orgId, botId, text }: BotScope & { text: string }) {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: { ruleSettings: text } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}

/**
 * Checks the bot belongs to the organization and holds its row until the transaction ends, so two
 * rule changes to one bot (positions, imports) run one after the other on PostgreSQL too.
 */
export async function lockBotForRuleChange(db: Db, { orgId, botId }: BotScope): Promise<void> {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: { updatedAt: new Date() } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}
