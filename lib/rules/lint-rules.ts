// Warnings about a rule set that validation can't express: rules that can never fire, keywords
// that will match far too much, duplicates. Warnings don't block saving.
//
// Linear in the number of rules, never pairwise: per-rule checks, one hash of patterns for
// duplicates, and ShadowIndex (shadow-index.ts) for the first earlier rule that shadows each rule.
// The dashboard stores the result with the rules (Bot.ruleWarnings) whenever they change and reads
// it from there; the rule form also runs it in the browser on a draft.
import { RuleDefinitionSchema, type RuleDefinition } from "@/lib/validation/rule";
import { SHORT_KEYWORD_LENGTH } from "./constants";
import { normalizeText, type NormalizeOptions } from "./normalize-text";
import { compileRulePattern } from "./regex-pattern";
import { ShadowIndex, type ShadowCandidate } from "./shadow-index";
import type { RuleRecord } from "./types";

export type LintCode = "unreachable" | "short_keyword" | "regex_matches_empty" | "duplicate_pattern" | "invalid_definition";

/** One warning about one rule. */
export interface LintWarning {
  code: LintCode;
  message: string;
  /** The other rule involved (the earlier rule that shadows or shares a pattern). */
  relatedRuleId?: string;
}

/** Lint warnings of a bot's rules, keyed by rule id; rules without warnings are absent. */
export type RuleWarnings = Record<string, LintWarning[]>;

interface LintRule extends ShadowCandidate {
  id: string;
  name: string;
}

type Normalize = (text: string, options?: NormalizeOptions) => string;

const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** What `duplicate_pattern` compares: normalized keywords, or the regex source. Labels only when needed. */
function patternsOf(definition: RuleDefinition, normalize: Normalize): Array<{ key: string; label: () => string }> {
  const trigger = definition.trigger;
  if (trigger.type === "regex") return [{ key: `regex:${trigger.pattern}`, label: () => `Pattern /${trigger.pattern}/` }];
  const keywords = trigger.type === "any_of" || trigger.type === "all_of" ? trigger.keywords : [trigger.keyword];
  return keywords.map((k) => ({ key: `keyword:${normalize(k)}`, label: () => `Keyword "${k}"` }));
}

function keywordWarnings(definition: RuleDefinition, normalize: Normalize): LintWarning[] {
  const trigger = definition.trigger;
  if (trigger.type !== "contains" && trigger.type !== "any_of" && trigger.type !== "all_of") return [];
  const keywords = trigger.type === "contains" ? [trigger.keyword] : trigger.keywords;
  return keywords
    .filter((k) => {
      const normalized = normalize(k);
      // A code point is at most 2 UTF-16 units: longer strings can't be short.
      return normalized.length < 2 * SHORT_KEYWORD_LENGTH && [...normalized].length < SHORT_KEYWORD_LENGTH && !SPACELESS.test(k);
    })
    .map((k) => ({
      code: "short_keyword" as const,
      message: trigger.wholeWord
        ? `Keyword "${k}" is shorter than ${SHORT_KEYWORD_LENGTH} characters and will match many unrelated messages; use a longer phrase`
        : `Keyword "${k}" is shorter than ${SHORT_KEYWORD_LENGTH} characters and matches inside other words (e.g. "hi" in "this"); use a longer keyword or whole-word matching`,
    }));
}

// Compiling a regex is the costliest per-rule check and its answer never changes: remember it
// (bounded, so a long-running server doesn't grow).
const matchesEmptyCache = new Map<string, boolean>();
const MATCHES_EMPTY_CACHE_LIMIT = 20_000;

function matchesEmpty(pattern: string, options: NormalizeOptions): boolean {
  const key = `${options.caseSensitive ? 1 : 0}${options.accentSensitive ? 1 : 0}${pattern}`;
  let result = matchesEmptyCache.get(key);
  if (result === undefined) {
    try {
      result = compileRulePattern(pattern, options).test("");
    } catch {
      result = false;
    }
    if (matchesEmptyCache.size >= MATCHES_EMPTY_CACHE_LIMIT) matchesEmptyCache.clear();
    matchesEmptyCache.set(key, result);
  }
  return result;
}

function regexWarnings(definition: RuleDefinition): LintWarning[] {
  const trigger = definition.trigger;
  if (trigger.type !== "regex" || !matchesEmpty(trigger.pattern, trigger)) return [];
  return [
    {
      code: "regex_matches_empty",
      message: `Regular expression /${trigger.pattern}/ matches the empty string, so it can fire on messages without the text you meant (x* matches everything); require at least one character, e.g. x+ instead of x*`,
    },
  ];
}

/** normalizeText remembered for one lint: keywords repeat across rules and checks. */
function memoizedNormalize(): Normalize {
  const memo = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>(), new Map<string, string>()];
  return (text, options = {}) => {
    const cache = memo[(options.caseSensitive ? 1 : 0) | (options.accentSensitive ? 2 : 0)]!;
    let normalized = cache.get(text);
    if (normalized === undefined) cache.set(text, (normalized = normalizeText(text, options)));
    return normalized;
  };
}

/** A rule whose definition has just been validated (RuleDefinitionSchema's output, defaults filled in). */
export interface ValidRuleRecord extends Omit<RuleRecord, "definition"> {
  definition: RuleDefinition;
}

/** Rules between two pauses of the stepwise lint: a few milliseconds of work. */
const RULES_PER_STEP = 200;

/**
 * Lint a bot's rules (any order; sorted by position). Returns warnings keyed by rule id; rules
 * without warnings are absent. O(total size of the rules): see shadow-index.ts for `unreachable`.
 */
export function lintRules(records: readonly RuleRecord[]): RuleWarnings {
  return drain(lintSteps(records, false));
}

/**
 * lintRules in steps of a few milliseconds, awaiting `pause` between them, so a server linting
 * 10,000 rules keeps answering other requests. With `isValidated`, the definitions are
 * RuleDefinitionSchema's output from a moment ago (an import) and aren't validated again.
 */
export async function lintRulesStepwise(
  records: readonly RuleRecord[] | readonly ValidRuleRecord[],
  options: { pause: () => Promise<void>; isValidated?: boolean },
): Promise<RuleWarnings> {
  const steps = lintSteps(records, options.isValidated === true);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await options.pause();
  }
}

function drain<T>(steps: Generator<void, T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The lint, yielding every RULES_PER_STEP rules of each pass. */
function* lintSteps(records: readonly RuleRecord[] | readonly ValidRuleRecord[], isValidated: boolean): Generator<void, RuleWarnings> {
  const out: RuleWarnings = {};
  const add = (id: string, warning: LintWarning) => (out[id] ??= []).push(warning);
  const valid: ValidRuleRecord[] = [];
  for (const [i, r] of records.entries()) {
    if (i > 0 && i % RULES_PER_STEP === 0) yield;
    if (isValidated) {
      valid.push(r as ValidRuleRecord);
      continue;
    }
    const parsed = RuleDefinitionSchema.safeParse(r.definition);
    if (parsed.success) valid.push({ ...r, definition: parsed.data });
    else add(r.id, { code: "invalid_definition", message: `Rule is invalid and never fires: ${parsed.error.issues[0]?.message ?? "invalid definition"}` });
  }
  const ordered = valid.map((r, i) => ({ r, i })).sort((a, b) => a.r.position - b.r.position || a.i - b.i);
  const rules: LintRule[] = ordered.map(({ r }, index) => ({
    index,
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    definition: r.definition,
    conditionsKey: JSON.stringify(r.definition.conditions),
  }));
  const normalize = memoizedNormalize();
  const shadowIndex = new ShadowIndex(rules, normalize);
  yield;
  // Pattern key → first rule using it (enabled or not), for `duplicate_pattern`.
  const firstByPattern = new Map<string, LintRule>();
  for (const rule of rules) {
    if (rule.index > 0 && rule.index % RULES_PER_STEP === 0) yield;
    const shadowedBy = shadowIndex.firstShadowing(rule);
    if (shadowedBy) {
      add(rule.id, {
        code: "unreachable",
        message: `Never fires: earlier rule "${shadowedBy.name}" matches every message this rule matches and always fires first; move this rule above it or narrow the earlier rule`,
        relatedRuleId: shadowedBy.id,
      });
    }
    for (const warning of keywordWarnings(rule.definition, normalize)) add(rule.id, warning);
    for (const warning of regexWarnings(rule.definition)) add(rule.id, warning);
    const seen = new Set<string>();
    for (const { key, label } of patternsOf(rule.definition, normalize)) {
      if (seen.has(key)) {
        add(rule.id, { code: "duplicate_pattern", message: `${label()} is listed twice in this rule` });
        continue;
      }
      seen.add(key);
      const earlier = firstByPattern.get(key);
      if (!earlier) firstByPattern.set(key, rule);
      else if (earlier !== shadowedBy) {
        add(rule.id, { code: "duplicate_pattern", message: `${label()} is also used by earlier rule "${earlier.name}"`, relatedRuleId: earlier.id });
      }
    }
  }
  return out;
}
