// A deliberately simple matcher: for every rule, for every keyword, indexOf over the normalized
// message; every regex run on its own. Not used by the worker — it is the oracle the property
// tests compare the compiled engine with, and the baseline the benchmark measures against.
import type { CompiledBot } from "./compile-bot";
import { decide } from "./evaluate";
import { normalizeText, normalizeWithOffsets, toOriginalSpan, type NormalizedText, type Span } from "./normalize-text";
import { compileRulePattern } from "./regex-pattern";
import type { TriggerHit } from "./trigger-hit";
import type { EvaluateInput, Evaluation } from "./types";
import { firstWordIndex, isWholeWordAt, lastWordEnd } from "./word-chars";
import type { RE2JS } from "re2js";

type Check = (text: string, start: number, end: number) => boolean;

interface ReferenceRule {
  ruleIndex: number;
  options: { caseSensitive: boolean; accentSensitive: boolean };
  kind: "exact" | "contains" | "starts_with" | "any_of" | "all_of" | "regex";
  keywords: string[];
  check: Check;
  regex?: RE2JS;
}

/** First occurrence of `keyword` in `text` that passes `check`. */
function firstValid(text: string, keyword: string, check: Check): Span | undefined {
  for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
    if (check(text, at, at + keyword.length)) return { start: at, end: at + keyword.length };
  }
  return undefined;
}

const anywhere: Check = () => true;
const wholeWord: Check = isWholeWordAt;
const atStart: Check = (text, start) => start <= firstWordIndex(text);
const atStartWholeWord: Check = (text, start, end) => atStart(text, start, end) && isWholeWordAt(text, start, end);
const exact: Check = (text, start, end) => start <= firstWordIndex(text) && end >= lastWordEnd(text);

/** Precomputed rule list for the naive loop. */
export interface ReferenceMatcher {
  hits(text: string): TriggerHit[];
  evaluate(input: EvaluateInput): Evaluation;
}

export function buildReferenceMatcher(compiled: CompiledBot): ReferenceMatcher {
  const rules: ReferenceRule[] = [];
  for (const rule of compiled.rules) {
    if (!rule.isActive || !rule.definition) continue;
    const trigger = rule.definition.trigger;
    const options = { caseSensitive: trigger.caseSensitive, accentSensitive: trigger.accentSensitive };
    if (trigger.type === "regex") {
      rules.push({ ruleIndex: rule.index, options, kind: "regex", keywords: [], check: anywhere, regex: compileRulePattern(trigger.pattern, options) });
      continue;
    }
    const raw = trigger.type === "any_of" || trigger.type === "all_of" ? trigger.keywords : [trigger.keyword];
    const keywords = raw.map((k) => normalizeText(k, options)).filter((k) => k !== "");
    const isWhole = trigger.type !== "exact" && trigger.wholeWord;
    const check =
      trigger.type === "exact" ? exact : trigger.type === "starts_with" ? (isWhole ? atStartWholeWord : atStart) : isWhole ? wholeWord : anywhere;
    rules.push({ ruleIndex: rule.index, options, kind: trigger.type, keywords, check });
  }

  const hits = (original: string): TriggerHit[] => {
    const cache = new Map<string, NormalizedText>();
    const normalized = (caseSensitive: boolean, accentSensitive: boolean) => {
      const key = `${caseSensitive}/${accentSensitive}`;
      let value = cache.get(key);
      if (!value) {
        value = normalizeWithOffsets(original, { caseSensitive, accentSensitive });
        cache.set(key, value);
      }
      return value;
    };
    const out: TriggerHit[] = [];
    for (const rule of rules) {
      if (rule.regex) {
        const text = normalized(true, rule.options.accentSensitive);
        const matcher = rule.regex.matcher(text.text);
        if (rule.regex.test(text.text) && matcher.find()) out.push({ ruleIndex: rule.ruleIndex, spans: [toOriginalSpan(text, { start: matcher.start(), end: matcher.end() })] });
        continue;
      }
      const text = normalized(rule.options.caseSensitive, rule.options.accentSensitive);
      const found = rule.keywords.map((k) => firstValid(text.text, k, rule.check));
      let spans: Span[] | undefined;
      if (rule.kind === "all_of") {
        if (found.length > 0 && found.every((s) => s !== undefined)) {
          const unique = new Map(found.map((s) => [`${s!.start}:${s!.end}`, s!]));
          spans = [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
        }
      } else {
        const best = found
          .filter((s): s is Span => s !== undefined)
          .sort((a, b) => a.start - b.start || b.end - a.end)[0];
        spans = best ? [best] : undefined;
      }
      if (spans) out.push({ ruleIndex: rule.ruleIndex, spans: spans.map((s) => toOriginalSpan(text, s)) });
    }
    return out;
  };

  return { hits, evaluate: (input) => decide(compiled, input, hits(input.text)) };
}
