// Compile a bot's rules once (when they change), evaluate many messages against the result.
// Stored definitions are parsed again here: a rule saved under older validation becomes an
// "invalid" entry in every trace instead of crashing the worker.
import { BotRuleSettingsSchema, RuleDefinitionSchema, type BotRuleSettings, type Limits, type RuleDefinition } from "@/lib/validation/rule";
import { compileConditions, type CompiledConditions } from "./conditions";
import { buildLiteralMatcher, type LiteralMatcher, type LiteralRuleSpec } from "./literal-matcher";
import { buildRegexMatcher, type RegexMatcher, type RegexRuleSpec } from "./regex-matcher";
import { parseTemplate, type ParsedTemplate } from "./template";
import type { CompileBotInput, TraceEntry } from "./types";

/** A rule ready to evaluate. `definition` is absent when the stored one doesn't validate. */
export interface CompiledRule {
  index: number;
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  definition?: RuleDefinition;
  /** Why the stored definition was rejected; the rule never fires. */
  error?: string;
  /** Enabled and valid: takes part in matching. */
  isActive: boolean;
  conditions?: CompiledConditions;
  limits?: Limits;
  reply?: ParsedTemplate;
  transferToGroupId?: number;
  tags: readonly string[];
}

/** Everything `evaluate` needs for one bot. Treat as opaque. */
export interface CompiledBot {
  bot: { id: string; name: string };
  settings: BotRuleSettings;
  rules: readonly CompiledRule[];
  fallback?: ParsedTemplate;
  literal: LiteralMatcher;
  regex: RegexMatcher;
  /** Trace when no rule fired: no_match / disabled / invalid per rule. */
  baseTrace: readonly TraceEntry[];
  /** Trace entries for rules after the one that fired, where nothing else is known. */
  shadowTrace: readonly TraceEntry[];
  /** Problems found while compiling (invalid rules, invalid settings that were replaced). */
  problems: readonly string[];
}

function describe(error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> }): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message)).join("; ");
}

function compileRule(record: CompileBotInput["rules"][number], index: number): CompiledRule {
  const base = { index, id: record.id, name: record.name, position: record.position, enabled: record.enabled };
  const parsed = RuleDefinitionSchema.safeParse(record.definition);
  if (!parsed.success) return { ...base, error: describe(parsed.error), isActive: false, tags: [] };
  const definition = parsed.data;
  return {
    ...base,
    definition,
    isActive: record.enabled,
    conditions: compileConditions(definition.conditions),
    limits: definition.limits,
    reply: definition.actions.reply === undefined ? undefined : parseTemplate(definition.actions.reply),
    transferToGroupId: definition.actions.transferToGroupId,
    tags: definition.actions.tags,
  };
}

function baseEntry(rule: CompiledRule): TraceEntry {
  const identity = { ruleId: rule.id, ruleName: rule.name, position: rule.position };
  if (rule.error !== undefined) return Object.freeze({ ...identity, status: "invalid" as const, error: rule.error });
  if (!rule.enabled) return Object.freeze({ ...identity, status: "disabled" as const });
  return Object.freeze({ ...identity, status: "no_match" as const });
}

function shadowEntry(rule: CompiledRule, base: TraceEntry): TraceEntry {
  if (!rule.isActive) return base;
  return Object.freeze({ ruleId: rule.id, ruleName: rule.name, position: rule.position, status: "shadowed" as const, wouldHaveFired: false, wouldHaveBeen: "no_match" as const });
}

/** Compile a bot's rules (any order; sorted by position, ties keep input order) and settings. */
export function compileBot(input: CompileBotInput): CompiledBot {
  const problems: string[] = [];
  const parsedSettings = BotRuleSettingsSchema.safeParse(input.settings);
  if (!parsedSettings.success) problems.push(`Bot settings ignored: ${describe(parsedSettings.error)}`);
  const settings = parsedSettings.success ? parsedSettings.data : BotRuleSettingsSchema.parse({});

  const ordered = input.rules.map((rule, order) => ({ rule, order })).sort((a, b) => a.rule.position - b.rule.position || a.order - b.order);
  const rules = ordered.map(({ rule }, index) => compileRule(rule, index));

  const literalSpecs: LiteralRuleSpec[] = [];
  const regexSpecs: RegexRuleSpec[] = [];
  for (const rule of rules) {
    if (rule.error !== undefined) problems.push(`Rule "${rule.name}" (${rule.id}) is invalid and never fires: ${rule.error}`);
    if (!rule.isActive || !rule.definition) continue;
    const trigger = rule.definition.trigger;
    const options = { caseSensitive: trigger.caseSensitive, accentSensitive: trigger.accentSensitive };
    if (trigger.type === "regex") regexSpecs.push({ ruleIndex: rule.index, pattern: trigger.pattern, ...options });
    else {
      const keywords = trigger.type === "any_of" || trigger.type === "all_of" ? trigger.keywords : [trigger.keyword];
      const wholeWord = trigger.type === "exact" ? false : trigger.wholeWord;
      literalSpecs.push({ ruleIndex: rule.index, kind: trigger.type, keywords, wholeWord, ...options });
    }
  }

  const baseTrace = rules.map(baseEntry);
  return {
    bot: { id: input.bot.id, name: input.bot.name },
    settings,
    rules,
    fallback: settings.fallbackReply === undefined ? undefined : parseTemplate(settings.fallbackReply),
    literal: buildLiteralMatcher(literalSpecs),
    regex: buildRegexMatcher(regexSpecs),
    baseTrace,
    shadowTrace: rules.map((rule, i) => shadowEntry(rule, baseTrace[i]!)),
    problems,
  };
}
