// A bot's rules and settings as a versioned JSON file (RulesExportSchema), and importing one:
// the whole file is validated (and linted) first, and any problem leaves the bot's rules as they were.
import { providerOf } from "../db";
import { getBotById } from "../data/bots";
import * as data from "../data/rules";
import { summarizeRuleChanges } from "../insights/rules-summary";
import { lintRulesStepwise } from "../rules/lint-rules";
import { RULES_EXPORT_VERSION, validateRulesImport, type BotRuleSettings, type RuleValidationError, type RulesExport, type ValidationResult } from "../validation/rule";
import { changeRules, MAX_RULES_PER_BOT, yieldToEventLoop, type RulesContext } from "./manage-rules";
import { parseRuleSettings, parseStoredJson, toRuleViews, type RuleView, type StoredRule } from "./rule-view";
import { validationError } from "./validation-error";

export interface RulesFile {
  version: typeof RULES_EXPORT_VERSION;
  exportedAt: string;
  bot: { name: string };
  settings: BotRuleSettings;
  rules: Array<{ name: string; enabled: boolean; definition: unknown }>;
}

export async function exportRules(ctx: RulesContext, botId: string, now = new Date()): Promise<RulesFile> {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const rules = await data.listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId });
  return {
    version: RULES_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    bot: { name: bot.name },
    settings: parseRuleSettings(bot.ruleSettings),
    rules: rules.map((rule) => ({ name: rule.name, enabled: rule.enabled, definition: parseStoredJson(rule.definition) })),
  };
}

/** A file name for the download: the bot's name in plain characters. */
export function exportFileName(file: RulesFile): string {
  const slug = file.bot.name.normalize("NFKD").replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase().slice(0, 60);
  return `${slug || "bot"}-rules-v${file.version}.json`;
}

/** Rules validated between two turns of the event loop. */
const RULES_PER_SLICE = 250;

/**
 * validateRulesImport a slice of rules at a time, with the event loop free in between: validating
 * 10,000 rules (regexes compiled, templates checked) takes several hundred milliseconds, which
 * would otherwise stall every other request of this process, health checks included. Same
 * answer as one call: each slice is a file of its own, and its errors' rule indices are shifted.
 */
async function validateInSlices(json: unknown): Promise<ValidationResult<RulesExport>> {
  const rules = typeof json === "object" && json !== null ? (json as { rules?: unknown }).rules : undefined;
  if (!Array.isArray(rules) || rules.length <= RULES_PER_SLICE || rules.length > MAX_RULES_PER_BOT) return validateRulesImport(json);
  const head = validateRulesImport({ ...(json as Record<string, unknown>), rules: [] }); // version, settings, unknown fields
  if (!head.ok && head.errors.some((error) => error.field === "version")) return head;
  const errors: RuleValidationError[] = head.ok ? [] : [...head.errors];
  const valid: RulesExport["rules"] = [];
  for (let start = 0; start < rules.length; start += RULES_PER_SLICE) {
    await yieldToEventLoop();
    const slice = validateRulesImport({ version: RULES_EXPORT_VERSION, rules: rules.slice(start, start + RULES_PER_SLICE) });
    if (slice.ok) valid.push(...slice.value.rules);
    else errors.push(...slice.errors.map((error) => (error.ruleIndex === undefined ? error : { ...error, ruleIndex: error.ruleIndex + start })));
  }
  if (!head.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...head.value, rules: valid } };
}

/**
 * Replaces the bot's rules and rule settings with the file's, or changes nothing. The file is
 * validated and linted before the transaction; inside, the old rules go in one statement and the
 * new ones in a few multi-row inserts, so even 10,000 rules hold the write lock briefly.
 */
export async function importRules(ctx: RulesContext, botId: string, json: unknown): Promise<{ rules: RuleView[]; settings: BotRuleSettings }> {
  const checked = await validateInSlices(json);
  if (!checked.ok) throw validationError(checked.errors);
  const file = checked.value;
  // The new rules don't depend on the old ones: lint them once, with the ids they will get.
  const rules = file.rules.map((input) => ({ id: data.newRuleId(), input }));
  const after = rules.map(({ id, input }, position) => ({ id, name: input.name, enabled: input.enabled, position, definition: input.definition }));
  const warnings = await lintRulesStepwise(after, { pause: yieldToEventLoop, isValidated: true });
  const provider = providerOf(ctx.db);
  return changeRules(ctx, botId, (before) => ({
    after,
    warnings,
    async apply(tx) {
      const scope = { orgId: ctx.orgId, botId };
      const bot = await getBotById(tx, scope);
      const rows = await data.replaceRules(tx, { ...scope, provider, rules });
      await data.setRuleSettingsText(tx, { ...scope, text: JSON.stringify(file.settings) });
      return {
        audit: {
          action: "rule.import",
          targetType: "bot",
          rule: { id: bot.id, name: bot.name },
          // Counts and names, not the rule sets: an entry stays small however many rules there are.
          before: { settings: parseStoredJson(bot.ruleSettings), rules: before.length },
          after: { settings: file.settings, rules: rows.length },
          summary: summarizeRuleChanges(before.map(summaryRule), rows.map(summaryRule)),
        },
        result: (stored) => ({ rules: toRuleViews(rows, stored), settings: file.settings }),
      };
    },
  }));
}

/** Rules pair up by name across an import (the file has no ids). */
function summaryRule(rule: StoredRule) {
  return { key: rule.name, name: rule.name, enabled: rule.enabled, definition: rule.definition };
}
