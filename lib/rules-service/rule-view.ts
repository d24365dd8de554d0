// Rules as the API and the dashboard see them: the stored JSON parsed, plus the lint warnings stored
// with the bot's rules (Bot.ruleWarnings, written by every rules change; never computed on a read).
import type { RuleRecord } from "../rules";
import type { LintWarning, RuleWarnings } from "../rules/lint-rules";
import { BotRuleSettingsSchema, type BotRuleSettings } from "../validation/rule";

export interface StoredRule {
  id: string;
  botId: string;
  position: number;
  name: string;
  enabled: boolean;
  definition: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleView {
  id: string;
  botId: string;
  position: number;
  name: string;
  enabled: boolean;
  /** As stored: normally a RuleDefinition; a rule saved under older validation may not be one. */
  definition: RuleRecord["definition"];
  createdAt: string;
  updatedAt: string;
  /** Lint warnings about this rule in its bot's list (empty when none). */
  warnings: LintWarning[];
}

export function parseStoredJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function toRuleRecord(rule: StoredRule): RuleRecord {
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    position: rule.position,
    definition: parseStoredJson(rule.definition) as RuleRecord["definition"],
  };
}

export function toRuleView(rule: StoredRule, warnings: LintWarning[] = []): RuleView {
  return {
    id: rule.id,
    botId: rule.botId,
    position: rule.position,
    name: rule.name,
    enabled: rule.enabled,
    definition: parseStoredJson(rule.definition) as RuleRecord["definition"],
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    warnings,
  };
}

/** Every rule of one bot, in order, each with its stored warnings. */
export function toRuleViews(rules: readonly StoredRule[], warnings: RuleWarnings): RuleView[] {
  return rules.map((rule) => toRuleView(rule, warnings[rule.id] ?? []));
}

/** Stored settings, defaulted; unreadable settings fall back to the defaults like the worker does. */
export function parseRuleSettings(text: string): BotRuleSettings {
  const parsed = BotRuleSettingsSchema.safeParse(parseStoredJson(text));
  return parsed.success ? parsed.data : BotRuleSettingsSchema.parse({});
}
