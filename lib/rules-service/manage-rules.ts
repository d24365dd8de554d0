// Changing a bot's rules: validate (naming rule and field), save in one transaction with the audit
// entry, then bump the organization's config version so the running worker reloads.
import type { Db } from "../db";
import { recordAudit } from "../data/audit-log";
import { getBotById } from "../data/bots";
import { notifyConfigChanged } from "../data/config-version";
import type { DbClient } from "../data/db-client";
import * as data from "../data/rules";
import { validateRuleInput, type RuleInput } from "../validation/rule";
import type { RulePatch } from "../validation/rules-api";
import { parseStoredJson, toRuleView, toRuleViews, type RuleView, type StoredRule } from "./rule-view";
import { validationError } from "./validation-error";

export interface RulesContext {
  db: Db;
  orgId: string;
  actorUserId: string | null;
}

type Audited = {
  action: string;
  /** What the entry is about: a rule, or the bot for changes to the whole list and its settings. */
  targetType?: "rule" | "bot" | "settings";
  rule: { id: string; name: string };
  before?: unknown;
  after?: unknown;
};

/** Runs `change` in a transaction holding the bot, records the audit entry, notifies the worker. */
export async function changeRules<T>(ctx: RulesContext, botId: string, change: (tx: DbClient) => Promise<{ result: T; audit: Audited }>): Promise<T> {
  const result = await ctx.db.$transaction(async (tx) => {
    await data.lockBotForRuleChange(tx, { orgId: ctx.orgId, botId });
    const { result, audit } = await change(tx);
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.actorUserId,
      action: audit.action,
      targetType: audit.targetType ?? "rule",
      targetId: audit.rule.id,
      targetName: audit.rule.name,
      before: audit.before,
      after: audit.after,
    });
    return result;
  });
  await notifyConfigChanged(ctx.db, ctx.orgId);
  return result;
}

function checked(input: unknown): RuleInput {
  const result = validateRuleInput(input);
  if (!result.ok) throw validationError(result.errors);
  return result.value;
}

/** What the audit log keeps of a rule. */
export function auditedRule(rule: StoredRule) {
  return { name: rule.name, enabled: rule.enabled, position: rule.position, definition: parseStoredJson(rule.definition) };
}

export async function listRules(ctx: RulesContext, botId: string): Promise<{ bot: { id: string; name: string }; rules: RuleView[] }> {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const rules = await data.listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId });
  return { bot: { id: bot.id, name: bot.name }, rules: toRuleViews(rules) };
}

/** One rule, with the warnings lint has about it among its bot's rules. */
export async function getRule(ctx: RulesContext, botId: string, ruleId: string): Promise<RuleView> {
  const rules = await data.listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId });
  const view = toRuleViews(rules).find((rule) => rule.id === ruleId);
  if (!view) await data.getRuleById(ctx.db, { orgId: ctx.orgId, botId, ruleId }); // throws not found
  return view!;
}

export async function createRuleForBot(ctx: RulesContext, botId: string, body: unknown): Promise<RuleView> {
  const input = checked(body);
  return changeRules(ctx, botId, async (tx) => {
    const rule = await data.createRule(tx, { orgId: ctx.orgId, botId, input });
    return { result: toRuleView(rule), audit: { action: "rule.create", rule, after: auditedRule(rule) } };
  });
}

export async function updateRuleOfBot(ctx: RulesContext, botId: string, ruleId: string, patch: RulePatch): Promise<RuleView> {
  return changeRules(ctx, botId, async (tx) => {
    const scope = { orgId: ctx.orgId, botId, ruleId };
    const before = await data.getRuleById(tx, scope);
    const input = checked({
      name: "name" in patch ? patch.name : before.name,
      enabled: patch.enabled ?? before.enabled,
      definition: "definition" in patch ? patch.definition : parseStoredJson(before.definition),
    });
    await data.updateRule(tx, { ...scope, input });
    const after = await data.getRuleById(tx, scope);
    return { result: toRuleView(after), audit: { action: "rule.update", rule: after, before: auditedRule(before), after: auditedRule(after) } };
  });
}

export async function deleteRuleOfBot(ctx: RulesContext, botId: string, ruleId: string): Promise<void> {
  await changeRules(ctx, botId, async (tx) => {
    const before = await data.getRuleById(tx, { orgId: ctx.orgId, botId, ruleId });
    await data.deleteRule(tx, { orgId: ctx.orgId, botId, ruleId });
    return { result: undefined, audit: { action: "rule.delete", rule: before, before: auditedRule(before) } };
  });
}

const MAX_NAME = 100;

function copyName(name: string): string {
  const suffix = " (copy)";
  return name.length + suffix.length <= MAX_NAME ? `${name}${suffix}` : `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

/** A copy of the rule right below it, named "… (copy)". */
export async function duplicateRuleOfBot(ctx: RulesContext, botId: string, ruleId: string): Promise<RuleView> {
  return changeRules(ctx, botId, async (tx) => {
    const original = await data.getRuleById(tx, { orgId: ctx.orgId, botId, ruleId });
    const input = checked({ name: copyName(original.name), enabled: original.enabled, definition: parseStoredJson(original.definition) });
    const rule = await data.insertRuleAfter(tx, { orgId: ctx.orgId, botId, position: original.position, input });
    return { result: toRuleView(rule), audit: { action: "rule.duplicate", rule, before: { duplicateOf: original.id }, after: auditedRule(rule) } };
  });
}

/** New order of all the bot's rules; answers the reordered list. */
export async function reorderRulesOfBot(ctx: RulesContext, botId: string, ruleIds: readonly string[]): Promise<RuleView[]> {
  return changeRules(ctx, botId, async (tx) => {
    const scope = { orgId: ctx.orgId, botId };
    const before = await data.listRulesByBotId(tx, scope);
    await data.reorderRules(tx, { ...scope, ruleIds });
    const after = await data.listRulesByBotId(tx, scope);
    const bot = await getBotById(tx, scope);
    return {
      result: toRuleViews(after),
      audit: { action: "rule.reorder", targetType: "bot", rule: { id: bot.id, name: bot.name }, before: before.map((rule) => rule.id), after: after.map((rule) => rule.id) },
    };
  });
}
