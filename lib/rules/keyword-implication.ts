// When an earlier rule's keyword implies a later rule's match: the per-keyword core of
// `triggerCovers` (rule-coverage.ts), split so the shadow index can ask it about one occurrence
// found by a dictionary scan, with keywords normalized once per lint instead of once per pair.
import type { Trigger } from "@/lib/validation/rule";
import type { NormalizeOptions } from "./normalize-text";
import { codePointAtIndex, codePointBefore, isBoundaryCodePoint } from "./word-chars";

export type LiteralTrigger = Exclude<Trigger, { type: "regex" }>;
export type Normalize = (text: string, options: NormalizeOptions) => string;

/** How an earlier rule's keyword must sit inside a later rule's keyword to imply its match. */
export const Way = { Exact: 0, Prefix: 1, PrefixWhole: 2, Contains: 3, ContainsWhole: 4 } as const;
export type Way = (typeof Way)[keyof typeof Way];

/** Something every message the later rule matches contains (as in rule-coverage.ts). */
export interface Fact {
  keyword: string;
  isLeftBounded: boolean;
  isRightBounded: boolean;
  isAtStart: boolean;
  isWholeMessage: boolean;
}

export function keywordsOf(trigger: LiteralTrigger): string[] {
  return trigger.type === "any_of" || trigger.type === "all_of" ? trigger.keywords : [trigger.keyword];
}

export function wayOf(trigger: LiteralTrigger): Way {
  if (trigger.type === "exact") return Way.Exact;
  if (trigger.type === "starts_with") return trigger.wholeWord ? Way.PrefixWhole : Way.Prefix;
  return trigger.wholeWord ? Way.ContainsWhole : Way.Contains;
}

export const VARIANTS: readonly NormalizeOptions[] = [
  { caseSensitive: false, accentSensitive: false },
  { caseSensitive: true, accentSensitive: false },
  { caseSensitive: false, accentSensitive: true },
  { caseSensitive: true, accentSensitive: true },
];
/** Variants of earlier rules that can cover a later rule of variant v (looser or equal options). */
export const COMPATIBLE_VARIANTS: readonly (readonly number[])[] = [[0], [0, 1], [0, 2], [0, 1, 2, 3]];
export const variantOf = (o: NormalizeOptions) => (o.caseSensitive ? 1 : 0) | (o.accentSensitive ? 2 : 0);

/** Whether the earlier keyword found at `fact.keyword[start, end)` implies its rule's match, for `way`. */
export function implies(way: Way, fact: Fact, start: number, end: number): boolean {
  const outer = fact.keyword;
  switch (way) {
    case Way.Exact:
      return fact.isWholeMessage && start === 0 && end === outer.length;
    case Way.Prefix:
      return fact.isAtStart && start === 0;
    case Way.PrefixWhole:
      if (!fact.isAtStart || start !== 0) return false;
      if (!isBoundaryCodePoint(codePointBefore(outer, end))) return true;
      return end === outer.length ? fact.isRightBounded : !isBoundaryCodePoint(codePointAtIndex(outer, end));
    case Way.Contains:
      return true;
    case Way.ContainsWhole: {
      const isLeftOk = !isBoundaryCodePoint(codePointAtIndex(outer, start)) || (start === 0 ? fact.isLeftBounded : !isBoundaryCodePoint(codePointBefore(outer, start)));
      const isRightOk = !isBoundaryCodePoint(codePointBefore(outer, end)) || (end === outer.length ? fact.isRightBounded : !isBoundaryCodePoint(codePointAtIndex(outer, end)));
      return isLeftOk && isRightOk;
    }
  }
}

export function clausesOf(trigger: LiteralTrigger, options: NormalizeOptions, normalize: Normalize): Fact[][] {
  const isWhole = trigger.type !== "exact" && trigger.wholeWord;
  const facts = keywordsOf(trigger).map(
    (keyword): Fact => ({
      keyword: normalize(keyword, options),
      isLeftBounded: trigger.type === "exact" || trigger.type === "starts_with" || isWhole,
      isRightBounded: trigger.type === "exact" || isWhole,
      isAtStart: trigger.type === "exact" || trigger.type === "starts_with",
      isWholeMessage: trigger.type === "exact",
    }),
  );
  return trigger.type === "all_of" ? [facts] : facts.map((fact) => [fact]);
}

/** Whether `keyword` occurs in the fact's keyword in a way that implies the earlier rule's match. */
export function occursImplying(way: Way, fact: Fact, keyword: string): boolean {
  const outer = fact.keyword;
  for (let i = outer.indexOf(keyword); i >= 0; i = outer.indexOf(keyword, i + 1)) {
    if (implies(way, fact, i, i + keyword.length)) return true;
  }
  return false;
}

