// Regex triggers. Each rule's pattern is compiled once and run on its own, but only on messages
// that contain one of the literals every match needs (see regex-prefilter.ts); those literals are
// found for all regex rules at once by an Aho–Corasick scan. Patterns without usable literals run
// on every message.
import type { RE2JS } from "re2js";
import { buildAhoCorasick, type AhoCorasick } from "./aho-corasick";
import { variantOf, type MessageTexts, type Variant } from "./message-texts";
import { toOriginalSpan } from "./normalize-text";
import { compileRulePattern, foldedPatternSource } from "./regex-pattern";
import { requiredLiterals } from "./regex-prefilter";
import type { TriggerHit } from "./trigger-hit";

/** A regex trigger as the matcher needs it. */
export interface RegexRuleSpec {
  ruleIndex: number;
  pattern: string;
  caseSensitive: boolean;
  accentSensitive: boolean;
}

/** Literals looked up in one text variant, each pointing at the regexes it lets through. */
interface LiteralFilter {
  variant: Variant;
  automaton: AhoCorasick;
  regexesOf: number[][];
}

interface Group {
  // Regexes see original case (the (?i) flag handles case), so only accent folding varies.
  variant: Variant;
  ruleIndexes: number[];
  regexes: RE2JS[];
  unfiltered: number[];
  filters: LiteralFilter[];
  // Scratch: regexes already queued for this message.
  stamp: Int32Array;
  generation: number;
}

function buildFilter(variant: Variant, entries: Array<{ regex: number; literals: string[] }>): LiteralFilter | undefined {
  const ids = new Map<string, number>();
  const regexesOf: number[][] = [];
  for (const { regex, literals } of entries) {
    for (const literal of literals) {
      let id = ids.get(literal);
      if (id === undefined) {
        id = regexesOf.length;
        ids.set(literal, id);
        regexesOf.push([]);
      }
      regexesOf[id]!.push(regex);
    }
  }
  if (ids.size === 0) return undefined;
  return { variant, automaton: buildAhoCorasick([...ids.keys()]), regexesOf };
}

function buildGroup(accentSensitive: boolean, specs: RegexRuleSpec[]): Group {
  const unfiltered: number[] = [];
  const caseSensitive: Array<{ regex: number; literals: string[] }> = [];
  const caseInsensitive: Array<{ regex: number; literals: string[] }> = [];
  specs.forEach((spec, regex) => {
    const literals = requiredLiterals(foldedPatternSource(spec.pattern, spec), !spec.caseSensitive);
    if (!literals) unfiltered.push(regex);
    else (spec.caseSensitive ? caseSensitive : caseInsensitive).push({ regex, literals });
  });
  // Case-insensitive literals are lowercase and looked up in the lowercased text.
  const filters = [
    buildFilter(variantOf({ caseSensitive: true, accentSensitive }), caseSensitive),
    buildFilter(variantOf({ caseSensitive: false, accentSensitive }), caseInsensitive),
  ].filter((f): f is LiteralFilter => f !== undefined);
  return {
    variant: variantOf({ caseSensitive: true, accentSensitive }),
    ruleIndexes: specs.map((s) => s.ruleIndex),
    regexes: specs.map((s) => compileRulePattern(s.pattern, s)),
    unfiltered,
    filters,
    stamp: new Int32Array(specs.length),
    generation: 0,
  };
}

function matchGroup(group: Group, texts: MessageTexts, hits: TriggerHit[]): void {
  const generation = ++group.generation;
  const { stamp } = group;
  const candidates = group.unfiltered.slice();
  for (const filter of group.filters) {
    filter.automaton.scan(texts.get(filter.variant).text, (literal) => {
      for (const regex of filter.regexesOf[literal]!) {
        if (stamp[regex] === generation) continue;
        stamp[regex] = generation;
        candidates.push(regex);
      }
    });
  }
  const normalized = texts.get(group.variant);
  for (const i of candidates) {
    const regex = group.regexes[i]!;
    // test() runs on re2's DFA; find() (which computes the span) is only needed on a match.
    if (!regex.test(normalized.text)) continue;
    const matcher = regex.matcher(normalized.text);
    if (!matcher.find()) continue;
    const span = toOriginalSpan(normalized, { start: matcher.start(), end: matcher.end() });
    hits.push({ ruleIndex: group.ruleIndexes[i]!, spans: [span] });
  }
}

/** Finds which regex rules match a message. */
export interface RegexMatcher {
  match(texts: MessageTexts, hits: TriggerHit[]): void;
}

/** Specs must have valid patterns (see checkRegexPattern); compile errors propagate. */
export function buildRegexMatcher(specs: readonly RegexRuleSpec[]): RegexMatcher {
  const groups = [false, true]
    .map((accentSensitive) => ({ accentSensitive, list: specs.filter((s) => s.accentSensitive === accentSensitive) }))
    .filter(({ list }) => list.length > 0)
    .map(({ accentSensitive, list }) => buildGroup(accentSensitive, list));
  return {
    match(texts, hits) {
      for (const group of groups) matchGroup(group, texts, hits);
    },
  };
}
