// The linter as it was before the index-based rewrite (pairwise, O(n²)): kept only as the
// reference the property tests compare lib/rules/lint-rules.ts against. Do not use it in lib/.
import type { LintWarning } from "@/lib/rules/lint-rules";
import { RuleDefinitionSchema, type Conditions, type RuleDefinition } from "@/lib/validation/rule";
import { SHORT_KEYWORD_LENGTH } from "@/lib/rules/constants";
import { normalizeText } from "@/lib/rules/normalize-text";
import { compileRulePattern } from "@/lib/rules/regex-pattern";
import { triggerCovers } from "@/lib/rules/rule-coverage";
import type { RuleRecord } from "@/lib/rules/types";

interface LintRule {
  id: string;
  name: string;
  enabled: boolean;
  definition: RuleDefinition;
}

const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

function hasConditions(conditions: Conditions): boolean {
  return conditions.firstMessageOnly || !!conditions.groupIds || !!conditions.businessHours || !!conditions.customer?.emailDomain;
}

/**
 * Whether `earlier` fires whenever `later` would: its trigger covers the later one, it has no
 * condition the later rule lacks, no per-chat limit, and the reply cap can't stop it alone.
 */
function shadows(earlier: LintRule, later: LintRule): boolean {
  const a = earlier.definition;
  const b = later.definition;
  if (!earlier.enabled || a.limits.kind !== "none") return false;
  if (a.actions.reply !== undefined && b.actions.reply === undefined) return false;
  if (hasConditions(a.conditions) && JSON.stringify(a.conditions) !== JSON.stringify(b.conditions)) return false;
  return triggerCovers(a.trigger, b.trigger);
}

function patternKeys(definition: RuleDefinition): Array<{ key: string; label: string }> {
  const trigger = definition.trigger;
  if (trigger.type === "regex") return [{ key: `regex:${trigger.pattern}`, label: `Pattern /${trigger.pattern}/` }];
  const keywords = trigger.type === "any_of" || trigger.type === "all_of" ? trigger.keywords : [trigger.keyword];
  return keywords.map((k) => ({ key: `keyword:${normalizeText(k)}`, label: `Keyword "${k}"` }));
}

function keywordWarnings(definition: RuleDefinition): LintWarning[] {
  const trigger = definition.trigger;
  if (trigger.type !== "contains" && trigger.type !== "any_of" && trigger.type !== "all_of") return [];
  const keywords = trigger.type === "contains" ? [trigger.keyword] : trigger.keywords;
  return keywords
    .filter((k) => [...normalizeText(k)].length < SHORT_KEYWORD_LENGTH && !SPACELESS.test(k))
    .map((k) => ({
      code: "short_keyword" as const,
      message: trigger.wholeWord
        ? `Keyword "${k}" is shorter than ${SHORT_KEYWORD_LENGTH} characters and will match many unrelated messages; use a longer phrase`
        : `Keyword "${k}" is shorter than ${SHORT_KEYWORD_LENGTH} characters and matches inside other words (e.g. "hi" in "this"); use a longer keyword or whole-word matching`,
    }));
}

function regexWarnings(definition: RuleDefinition): LintWarning[] {
  const trigger = definition.trigger;
  if (trigger.type !== "regex") return [];
  try {
    if (!compileRulePattern(trigger.pattern, trigger).test("")) return [];
  } catch {
    return [];
  }
  return [
    {
      code: "regex_matches_empty",
      message: `Regular expression /${trigger.pattern}/ matches the empty string, so it can fire on messages without the text you meant (x* matches everything); require at least one character, e.g. x+ instead of x*`,
    },
  ];
}

/**
 * Lint a bot's rules (any order; sorted by position). Returns warnings keyed by rule id; rules
 * without warnings are absent.
 */
export function referenceLintRules(records: readonly RuleRecord[]): Record<string, LintWarning[]> {
  const out: Record<string, LintWarning[]> = {};
  const add = (id: string, warning: LintWarning) => (out[id] ??= []).push(warning);
  const rules: LintRule[] = [];
  const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.position - b.r.position || a.i - b.i);
  for (const { r } of ordered) {
    const parsed = RuleDefinitionSchema.safeParse(r.definition);
    if (!parsed.success) {
      add(r.id, { code: "invalid_definition", message: `Rule is invalid and never fires: ${parsed.error.issues[0]?.message ?? "invalid definition"}` });
      continue;
    }
    rules.push({ id: r.id, name: r.name, enabled: r.enabled, definition: parsed.data });
  }

  const firstByPattern = new Map<string, LintRule>();
  rules.forEach((rule, index) => {
    const shadowedBy = rules.slice(0, index).find((earlier) => shadows(earlier, rule));
    if (shadowedBy) {
      add(rule.id, {
        code: "unreachable",
        message: `Never fires: earlier rule "${shadowedBy.name}" matches every message this rule matches and always fires first; move this rule above it or narrow the earlier rule`,
        relatedRuleId: shadowedBy.id,
      });
    }
    for (const warning of [...keywordWarnings(rule.definition), ...regexWarnings(rule.definition)]) add(rule.id, warning);
    const seen = new Set<string>();
    for (const { key, label } of patternKeys(rule.definition)) {
      if (seen.has(key)) {
        add(rule.id, { code: "duplicate_pattern", message: `${label} is listed twice in this rule` });
        continue;
      }
      seen.add(key);
      const earlier = firstByPattern.get(key);
      if (!earlier) firstByPattern.set(key, rule);
      else if (earlier !== shadowedBy) {
        add(rule.id, { code: "duplicate_pattern", message: `${label} is also used by earlier rule "${earlier.name}"`, relatedRuleId: earlier.id });
      }
    }
  });
  return out;
}
