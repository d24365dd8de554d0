import type { Span } from "./normalize-text";

/** A rule whose trigger matched, with the matched spans in the original message (sorted by start). */
export interface TriggerHit {
  ruleIndex: number;
  spans: Span[];
}

/** Literal (keyword) triggers; regex triggers are handled on their own. */
export type LiteralKind = "exact" | "contains" | "starts_with" | "any_of" | "all_of";

/** Smallest span covering all `spans`. */
export function coverSpan(spans: readonly Span[]): Span | undefined {
  if (spans.length === 0) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const span of spans) {
    start = Math.min(start, span.start);
    end = Math.max(end, span.end);
  }
  return { start, end };
}
