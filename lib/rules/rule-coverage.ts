// Does an earlier rule's trigger match every message a later rule's trigger matches? Used by lint
// to find rules that can never fire. Sound but incomplete: it knows the obvious cases (identical
// triggers, a keyword contained in a later phrase, any-of lists covering a later keyword) and says
// "no" when unsure, so lint never claims a reachable rule is dead.
import type { Trigger } from "@/lib/validation/rule";
import { normalizeText, type NormalizeOptions } from "./normalize-text";
import { codePointAtIndex, codePointBefore, isBoundaryCodePoint } from "./word-chars";

/** Something a matching message is guaranteed to contain: keyword k' with known surroundings. */
interface Fact {
  keyword: string;
  isLeftBounded: boolean;
  isRightBounded: boolean;
  isAtStart: boolean;
  isWholeMessage: boolean;
}

type LiteralTrigger = Exclude<Trigger, { type: "regex" }>;

function keywordsOf(trigger: LiteralTrigger): string[] {
  return trigger.type === "any_of" || trigger.type === "all_of" ? trigger.keywords : [trigger.keyword];
}

/** Facts as a disjunction of conjunctions: the trigger matched ⇒ one clause holds entirely. */
function clausesOf(trigger: LiteralTrigger, options: NormalizeOptions): Fact[][] {
  const keywords = keywordsOf(trigger).map((k) => normalizeText(k, options));
  const isWhole = trigger.type !== "exact" && trigger.wholeWord;
  const fact = (keyword: string): Fact => ({
    keyword,
    isLeftBounded: trigger.type === "exact" || trigger.type === "starts_with" || isWhole,
    isRightBounded: trigger.type === "exact" || isWhole,
    isAtStart: trigger.type === "exact" || trigger.type === "starts_with",
    isWholeMessage: trigger.type === "exact",
  });
  if (trigger.type === "all_of") return [keywords.map(fact)];
  return keywords.map((k) => [fact(k)]);
}

const startsWithWordChar = (s: string) => s.length > 0 && isBoundaryCodePoint(codePointAtIndex(s, 0));
const endsWithWordChar = (s: string) => s.length > 0 && isBoundaryCodePoint(codePointBefore(s, s.length));

/** Whether an occurrence of `fact.keyword` always contains `keyword` (as whole words if asked). */
function containsKeyword(fact: Fact, keyword: string, isWholeWord: boolean): boolean {
  const outer = fact.keyword;
  for (let i = outer.indexOf(keyword); i >= 0; i = outer.indexOf(keyword, i + 1)) {
    if (!isWholeWord) return true;
    const j = i + keyword.length;
    const isLeftOk = !startsWithWordChar(keyword) || (i === 0 ? fact.isLeftBounded : !isBoundaryCodePoint(codePointBefore(outer, i)));
    const isRightOk = !endsWithWordChar(keyword) || (j === outer.length ? fact.isRightBounded : !isBoundaryCodePoint(codePointAtIndex(outer, j)));
    if (isLeftOk && isRightOk) return true;
  }
  return false;
}

function impliesRequirement(fact: Fact, earlier: LiteralTrigger, keyword: string): boolean {
  switch (earlier.type) {
    case "exact":
      return fact.isWholeMessage && fact.keyword === keyword;
    case "starts_with": {
      if (!fact.isAtStart || !fact.keyword.startsWith(keyword)) return false;
      if (!earlier.wholeWord || !endsWithWordChar(keyword)) return true;
      const j = keyword.length;
      return j === fact.keyword.length ? fact.isRightBounded : !isBoundaryCodePoint(codePointAtIndex(fact.keyword, j));
    }
    default:
      return containsKeyword(fact, keyword, earlier.wholeWord);
  }
}

/** Whether every message matched by `later` is also matched by `earlier`. */
export function triggerCovers(earlier: Trigger, later: Trigger): boolean {
  if (earlier.caseSensitive && !later.caseSensitive) return false;
  if (earlier.accentSensitive && !later.accentSensitive) return false;
  if (earlier.type === "regex" || later.type === "regex") {
    return (
      earlier.type === "regex" &&
      later.type === "regex" &&
      earlier.pattern === later.pattern &&
      earlier.caseSensitive === later.caseSensitive &&
      earlier.accentSensitive === later.accentSensitive
    );
  }
  // Compare both under the earlier rule's (looser or equal) normalization.
  const options = { caseSensitive: earlier.caseSensitive, accentSensitive: earlier.accentSensitive };
  const required = keywordsOf(earlier).map((k) => normalizeText(k, options));
  const clauses = clausesOf(later, options);
  if (clauses.length === 0) return false;
  const isSatisfied = (keyword: string, clause: Fact[]) => clause.some((fact) => impliesRequirement(fact, earlier, keyword));
  return clauses.every((clause) =>
    earlier.type === "all_of" ? required.every((k) => isSatisfied(k, clause)) : required.some((k) => isSatisfied(k, clause)),
  );
}
