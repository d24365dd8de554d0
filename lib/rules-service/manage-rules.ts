// Changing a bot's rules: validate (naming rule and field), save in one short transaction with the
// lint warnings of the resulting rules and the audit entry, then bump the organization's config
// version so the running worker reloads.
//
// The expensive parts (validation, lint) run before the transaction, on the rules as read just
// before it; inside, one cheap read checks that nothing changed meanwhile (same ids in the same
// positions, none written since: every write moves a rule's `updatedAt`), and only if something did
// is the change planned and linted again there. So the write lock (SQLite) or the bot's row lock
// (PostgreSQL) is held for the writes alone.
import type { Db } from "../db";
import { recordAudit } from "../data/audit-log";
import { getBotById } from "../data/bots";
import { notifyConfigChanged } from "../data/config-version";
import type { DbClient } from "../data/db-client";
import * as data from "../data/rules";
import { AppError } from "../errors";
import { summarizeRuleChanges } from "../insights/rules-summary";
import type { RuleRecord } from "../rules";
import { lintRulesStepwise, type RuleWarnings } from "../rules/lint-rules";
import { validateRuleInput, type RuleInput } from "../validation/rule";
import type { RulePatch } from "../validation/rules-api";
import { parseStoredJson, toRuleRecord, toRuleView, toRuleViews, type RuleView, type StoredRule } from "./rule-view";
import { validationError } from "./validation-error";

export interface RulesContext {
  db: Db;
  orgId: string;
  actorUserId: string | null;
}

/**
 * Most rules one bot may have: what a rules file and a reorder may hold (RulesExportSchema,
 * ReorderRulesSchema), so every bot can still be exported, imported and reordered.
 */
export const MAX_RULES_PER_BOT = 10_000;

type Audited = {
  action: string;
  /** What the entry is about: a rule, or the bot for changes to the whole list and its settings. */
  targetType?: "rule" | "bot" | "settings";
  rule: { id: string; name: string };
  before?: unknown;
  after?: unknown;
  summary?: unknown;
};

/** Runs `change` in a transaction holding the bot, records the audit entry, notifies the worker. */
export async function inRulesTransaction<T>(ctx: RulesContext, botId: string, change: (tx: DbClient) => Promise<{ result: T; audit: Audited }>): Promise<T> {
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
      summary: audit.summary,
    });
    return result;
  });
  await notifyConfigChanged(ctx.db, ctx.orgId);
  return result;
}

/** Lets waiting requests run between steps of long work (validating or linting thousands of rules). */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lints in steps, so linting 10,000 rules doesn't stall this process's other requests. */
const lintInSteps = (rules: readonly RuleRecord[]) => lintRulesStepwise(rules, { pause: yieldToEventLoop });

/** A change to a bot's rules, planned from the rules as they are (pure: no I/O). */
export interface RulesPlan<T> {
  /** The bot's rules after the change (new ones with ids from data.newRuleId); what is linted. */
  after: readonly RuleRecord[];
  /** Warnings of `after`, when the plan already has them (an import lints its file once). */
  warnings?: RuleWarnings;
  /** Writes the change. */
  apply(tx: DbClient): Promise<{ audit: Audited; result: (warnings: RuleWarnings) => T }>;
}

type Stamp = { id: string; position: number; name: string; enabled: boolean; updatedAt: Date };

/** Whether the bot's rules are still the ones read (same ids in the same places, none written since). */
function isUnchanged(stamps: readonly Stamp[], rules: readonly Stamp[]): boolean {
  return (
    stamps.length === rules.length &&
    stamps.every((a, i) => {
      const b = rules[i]!;
      return a.id === b.id && a.position === b.position && a.name === b.name && a.enabled === b.enabled && a.updatedAt.getTime() === b.updatedAt.getTime();
    })
  );
}

/**
 * Plans the change on the bot's rules read outside the transaction, lints the result, then applies
 * it in a short transaction that also stores the warnings (Bot.ruleWarnings) and the audit entry.
 */
export async function changeRules<T>(ctx: RulesContext, botId: string, plan: (rules: StoredRule[]) => RulesPlan<T>): Promise<T> {
  const scope = { orgId: ctx.orgId, botId };
  await data.requireBot(ctx.db, scope); // another organization's bot is not found, whatever the change
  let rules = await data.listRulesByBotId(ctx.db, scope);
  let planned = plan(rules);
  let warnings = planned.warnings ?? (await lintInSteps(planned.after));
  let warningsText = JSON.stringify(warnings);
  const finish = await inRulesTransaction(ctx, botId, async (tx) => {
    if (!isUnchanged(await data.listRuleStampsByBotId(tx, scope), rules)) {
      // Another change landed since the rules were read: plan again on the rules as they are now.
      rules = await data.listRulesByBotId(tx, scope);
      planned = plan(rules);
      warnings = planned.warnings ?? (await lintInSteps(planned.after));
      warningsText = JSON.stringify(warnings);
    }
    const { audit, result } = await planned.apply(tx);
    await data.setRuleWarningsText(tx, { ...scope, text: warningsText });
    // The answer (up to 10,000 rule views) is built after the commit, outside the transaction.
    return { result: () => result(warnings), audit };
  });
  return finish();
}

/**
 * Computes and stores the lint warnings of every bot's rules as they are: for rules saved before
 * the warnings were stored with them (Bot.ruleWarnings starts as "{}"), run once after deploying
 * (e.g. from scripts/db-migrate.ts). One short transaction per bot; no audit entry and no config
 * change, since the rules don't change. A bot whose rules change meanwhile is skipped: that
 * change stored its own warnings.
 */
export async function backfillRuleWarnings(db: Db): Promise<{ bots: number; skipped: number }> {
  // Only bots whose warnings were never computed (saved before the column existed).
  const bots = await db.bot.findMany({ where: { ruleWarnings: "{}" }, select: { id: true, orgId: true }, orderBy: { id: "asc" } });
  let skipped = 0;
  for (const bot of bots) {
    const scope = { orgId: bot.orgId, botId: bot.id };
    const rules = await data.listRulesByBotId(db, scope);
    const text = JSON.stringify(await lintInSteps(rules.map(toRuleRecord)));
    const isWritten = await db.$transaction(async (tx) => {
      await data.lockBotForRuleChange(tx, scope);
      if (!isUnchanged(await data.listRuleStampsByBotId(tx, scope), rules)) return false;
      await data.setRuleWarningsText(tx, { ...scope, text });
      return true;
    });
    if (!isWritten) skipped++;
  }
  return { bots: bots.length, skipped };
}

function checked(input: unknown): RuleInput {
  const result = validateRuleInput(input);
  if (!result.ok) throw validationError(result.errors);
  return result.value;
}

function findRule(rules: readonly StoredRule[], ruleId: string): StoredRule {
  const rule = rules.find((r) => r.id === ruleId);
  if (!rule) throw new AppError("not_found", "Rule not found");
  return rule;
}

function checkRoomForOneMore(rules: readonly StoredRule[]): void {
  if (rules.length >= MAX_RULES_PER_BOT) {
    throw new AppError(
      "validation",
      `This bot has ${rules.length.toLocaleString("en-US")} rules, the most a bot can have (${MAX_RULES_PER_BOT.toLocaleString("en-US")}); delete or merge rules before adding more.`,
    );
  }
}

/** A stored rule as lint sees it, with the position it will have. */
const recordAt = (rule: StoredRule, position: number): RuleRecord => ({ ...toRuleRecord(rule), position });

/** A new rule as lint sees it. */
const newRecord = (id: string, input: RuleInput, position: number): RuleRecord => ({ id, name: input.name, enabled: input.enabled, position, definition: input.definition });

/** What the audit log keeps of a rule. */
export function auditedRule(rule: StoredRule) {
  return { name: rule.name, enabled: rule.enabled, position: rule.position, definition: parseStoredJson(rule.definition) };
}

export async function listRules(ctx: RulesContext, botId: string): Promise<{ bot: { id: string; name: string }; rules: RuleView[] }> {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const rules = await data.listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId });
  return { bot: { id: bot.id, name: bot.name }, rules: toRuleViews(rules, data.parseRuleWarnings(bot.ruleWarnings)) };
}

/** One rule, with the warnings stored for it among its bot's rules. */
export async function getRule(ctx: RulesContext, botId: string, ruleId: string): Promise<RuleView> {
  const scope = { orgId: ctx.orgId, botId };
  const [rule, warnings] = await Promise.all([data.getRuleById(ctx.db, { ...scope, ruleId }), data.getRuleWarningsText(ctx.db, scope)]);
  return toRuleView(rule, data.parseRuleWarnings(warnings)[rule.id] ?? []);
}

export async function createRuleForBot(ctx: RulesContext, botId: string, body: unknown): Promise<RuleView> {
  const input = checked(body);
  return changeRules(ctx, botId, (rules) => {
    checkRoomForOneMore(rules);
    const id = data.newRuleId();
    return {
      after: [...rules.map((rule, i) => recordAt(rule, i)), newRecord(id, input, rules.length)],
      async apply(tx) {
        const rule = await data.createRule(tx, { orgId: ctx.orgId, botId, id, input });
        return {
          audit: { action: "rule.create", rule, after: auditedRule(rule) },
          result: (warnings) => toRuleView(rule, warnings[rule.id]),
        };
      },
    };
  });
}

export async function updateRuleOfBot(ctx: RulesContext, botId: string, ruleId: string, patch: RulePatch): Promise<RuleView> {
  return changeRules(ctx, botId, (rules) => {
    const before = findRule(rules, ruleId);
    const input = checked({
      name: "name" in patch ? patch.name : before.name,
      enabled: patch.enabled ?? before.enabled,
      definition: "definition" in patch ? patch.definition : parseStoredJson(before.definition),
    });
    return {
      after: rules.map((rule, i) => (rule.id === ruleId ? newRecord(rule.id, input, i) : recordAt(rule, i))),
      async apply(tx) {
        const scope = { orgId: ctx.orgId, botId, ruleId };
        await data.updateRule(tx, { ...scope, input });
        const after = await data.getRuleById(tx, scope);
        return {
          audit: { action: "rule.update", rule: after, before: auditedRule(before), after: auditedRule(after) },
          result: (warnings) => toRuleView(after, warnings[after.id]),
        };
      },
    };
  });
}

export async function deleteRuleOfBot(ctx: RulesContext, botId: string, ruleId: string): Promise<void> {
  await changeRules(ctx, botId, (rules) => {
    const before = findRule(rules, ruleId);
    return {
      after: rules.filter((rule) => rule.id !== ruleId).map((rule, i) => recordAt(rule, i)),
      async apply(tx) {
        await data.deleteRule(tx, { orgId: ctx.orgId, botId, ruleId });
        return { audit: { action: "rule.delete", rule: before, before: auditedRule(before) }, result: () => undefined };
      },
    };
  });
}

const MAX_NAME = 100;

function copyName(name: string): string {
  const suffix = " (copy)";
  return name.length + suffix.length <= MAX_NAME ? `${name}${suffix}` : `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

/** A copy of the rule right below it, named "… (copy)". */
export async function duplicateRuleOfBot(ctx: RulesContext, botId: string, ruleId: string): Promise<RuleView> {
  return changeRules(ctx, botId, (rules) => {
    checkRoomForOneMore(rules);
    const original = findRule(rules, ruleId);
    const input = checked({ name: copyName(original.name), enabled: original.enabled, definition: parseStoredJson(original.definition) });
    const at = rules.indexOf(original) + 1;
    const after = rules.map((rule, i) => recordAt(rule, i < at ? i : i + 1));
    const id = data.newRuleId();
    after.splice(at, 0, newRecord(id, input, at));
    return {
      after,
      async apply(tx) {
        const rule = await data.insertRuleAfter(tx, { orgId: ctx.orgId, botId, id, position: original.position, input });
        return {
          audit: { action: "rule.duplicate", rule, before: { duplicateOf: original.id }, after: auditedRule(rule) },
          result: (warnings) => toRuleView(rule, warnings[rule.id]),
        };
      },
    };
  });
}

/**
 * New order of all the bot's rules; answers the reordered list. `ruleIds` must name every rule of
 * the bot exactly once: a list made from a stale page (a rule added or deleted meanwhile) is
 * refused, not guessed at.
 */
export async function reorderRulesOfBot(ctx: RulesContext, botId: string, ruleIds: readonly string[]): Promise<RuleView[]> {
  return changeRules(ctx, botId, (rules) => {
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const isExact = ruleIds.length === rules.length && new Set(ruleIds).size === ruleIds.length && ruleIds.every((id) => byId.has(id));
    if (!isExact) throw new AppError("conflict", "The rules changed since this list was loaded (a rule was added or deleted). Reload and try again.");
    const ordered = ruleIds.map((id) => byId.get(id)!);
    return {
      after: ordered.map((rule, i) => recordAt(rule, i)),
      async apply(tx) {
        const now = new Date();
        const moves = ordered.flatMap((rule, position) => (rule.position === position ? [] : [{ id: rule.id, position }]));
        await data.setRulePositions(tx, { orgId: ctx.orgId, botId, moves, now });
        const bot = await getBotById(tx, { orgId: ctx.orgId, botId });
        const moved = new Set(moves.map((move) => move.id));
        const after = ordered.map((rule, position) => (moved.has(rule.id) ? { ...rule, position, updatedAt: now } : rule));
        const summaryRule = (rule: StoredRule) => ({ key: rule.id, name: rule.name, enabled: rule.enabled, definition: rule.definition });
        return {
          audit: {
            action: "rule.reorder",
            targetType: "bot",
            rule: { id: bot.id, name: bot.name },
            summary: summarizeRuleChanges(rules.map(summaryRule), after.map(summaryRule)),
          },
          result: (warnings) => toRuleViews(after, warnings),
        };
      },
    };
  });
}
