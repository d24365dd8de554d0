// Finds, for each rule, the first earlier rule that shadows it (fires whenever it would), without
// comparing every pair. The index proposes candidates; each is confirmed by the exact pair check
// (`shadows` below, with `triggerCovers`' logic on keywords normalized once) before it is reported.
//
// 1. Groups. Rules that can shadow at all (enabled, no per-chat limit) are grouped by what the pair
//    check compares outright: whether they reply, and their conditions (none, or the exact JSON).
//    A later rule looks only at the ≤ 4 groups whose rules could shadow it (a reply only if it
//    replies too; no conditions, or exactly its own), and only at earlier rules whose case/accent
//    options are looser or equal.
// 2. Keywords. Each keyword, normalized with its rule's options, goes into the Aho–Corasick
//    dictionary of those options with the ascending list of rules using it, one list per group and
//    way of matching (exact, starts-with, contains; whole-word or not). An all-of rule is listed
//    under one keyword, its rarest: it covers only if all its keywords are implied, so needing that
//    one is enough to propose it. Regexes are one hash entry per (options, group, pattern).
// 3. Query. For each clause of the later rule (each any-of keyword; all keywords of an all-of), one
//    scan of its normalized keywords finds every earlier keyword inside them, kept only if it
//    implies the earlier rule's match the way `triggerCovers` decides (keyword-implication.ts). A
//    shadowing rule appears for every clause, so the clauses' sorted lists are intersected
//    (zig-zag, smallest clause first) and candidates come out earliest first; the first confirmed
//    one is the answer, the same rule the pairwise search found.
//
// Cost per rule: scanning its keywords (≤ 200 characters each) plus the candidates the
// intersection yields, capped by MAX_SHADOW_STEPS. Building the index is one pass over the keywords.
import type { Conditions, RuleDefinition, Trigger } from "@/lib/validation/rule";
import { buildAhoCorasick, type AhoCorasick } from "./aho-corasick";
import {
  clausesOf,
  COMPATIBLE_VARIANTS,
  implies,
  keywordsOf,
  occursImplying,
  variantOf,
  VARIANTS,
  wayOf,
  type Fact,
  type LiteralTrigger,
  type Normalize,
  type Way,
} from "./keyword-implication";
import { triggerCovers } from "./rule-coverage";

/** A valid rule in evaluation order (`index` = its place among the valid rules). */
export interface ShadowCandidate {
  index: number;
  enabled: boolean;
  definition: RuleDefinition;
  /** JSON of the conditions, compared whole when the earlier rule has any. */
  conditionsKey: string;
}

/**
 * Intersection steps plus candidate checks allowed per rule. Ordinary rule sets use a handful;
 * only adversarial ones reach it: thousands of earlier rules each sharing some, but never all,
 * of what covering this rule needs (e.g. all-of rules built from a few common words, or any-of
 * rules pairing every keyword with every other). The rule then gets no `unreachable` warning;
 * lint stays sound (it never flags a reachable rule), as it was before (it already says "no"
 * when unsure).
 */
export const MAX_SHADOW_STEPS = 512;


interface Posting {
  group: number;
  way: Way;
  /** Ascending rule indices. */
  list: number[];
}

/** One normalization variant's keywords: an automaton over them and each one's postings. */
interface Dictionary {
  automaton: AhoCorasick;
  patterns: string[];
  postings: Posting[][];
}

export function hasConditions(conditions: Conditions): boolean {
  return conditions.firstMessageOnly || !!conditions.groupIds || !!conditions.businessHours || !!conditions.customer?.emailDomain;
}

/** First index ≥ `from` in ascending `list` whose value is ≥ `value`. */
function seekIn(list: readonly number[], from: number, value: number): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The union of one clause's lists, read in ascending order with `seek`. */
class ClauseCursor {
  private readonly at: number[];
  constructor(private readonly lists: readonly (readonly number[])[]) {
    this.at = lists.map(() => 0);
  }

  /** Entries below `bound`: how much this clause could propose. */
  size(bound: number): number {
    let sum = 0;
    for (const list of this.lists) sum += seekIn(list, 0, bound);
    return sum;
  }

  /** Smallest entry ≥ value (Infinity when none). */
  seek(value: number): number {
    let best = Infinity;
    for (let i = 0; i < this.lists.length; i++) {
      const list = this.lists[i]!;
      const at = seekIn(list, this.at[i]!, value);
      this.at[i] = at;
      if (at < list.length && list[at]! < best) best = list[at]!;
    }
    return best;
  }
}

/** Index over a bot's valid rules, in evaluation order; `firstShadowing(rule)` answers for one. */
export class ShadowIndex<R extends ShadowCandidate> {
  private readonly dictionaries: Array<Dictionary | undefined> = [undefined, undefined, undefined, undefined];
  /** Conditions key ("" for none) → group id of rules without, and with, a reply. */
  private readonly groups = new Map<string, [number | undefined, number | undefined]>();
  private groupCount = 0;
  private readonly regex = new Map<string, number[]>();
  /** Clauses of a later rule per normalization variant, keyed index × 4 + variant. */
  private readonly clauses = new Map<number, Fact[][]>();

  constructor(
    private readonly rules: readonly R[],
    private readonly normalize: Normalize,
  ) {
    const shadowing = rules.filter((rule) => rule.enabled && rule.definition.limits.kind === "none");
    const keywordsByRule = new Map<R, string[]>();
    const frequency = new Map<string, number>();
    for (const rule of shadowing) {
      const { trigger } = rule.definition;
      if (trigger.type === "regex") continue;
      // Validation refuses keywords that normalize to nothing; a stored one is not indexed.
      const keywords = [...new Set(keywordsOf(trigger).map((k) => normalize(k, trigger)))].filter((k) => k !== "");
      keywordsByRule.set(rule, keywords);
      for (const keyword of keywords) frequency.set(keyword, (frequency.get(keyword) ?? 0) + 1);
    }
    const rarest = (keywords: string[]) =>
      keywords.reduce((best, k) => {
        const [a, b] = [frequency.get(k)!, frequency.get(best)!];
        return a < b || (a === b && k.length > best.length) ? k : best;
      });
    const byVariant = [new Map<string, Posting[]>(), new Map<string, Posting[]>(), new Map<string, Posting[]>(), new Map<string, Posting[]>()];
    for (const rule of shadowing) {
      const { trigger, conditions, actions } = rule.definition;
      const byReply = this.groups.get(hasConditions(conditions) ? rule.conditionsKey : "") ?? [undefined, undefined];
      this.groups.set(hasConditions(conditions) ? rule.conditionsKey : "", byReply);
      const hasReply = actions.reply !== undefined ? 1 : 0;
      const group = (byReply[hasReply] ??= this.groupCount++);
      const variant = variantOf(trigger);
      if (trigger.type === "regex") {
        const regexKey = `${variant}\u0000${group}\u0000${trigger.pattern}`;
        const list = this.regex.get(regexKey);
        if (list) list.push(rule.index);
        else this.regex.set(regexKey, [rule.index]);
        continue;
      }
      const keywords = keywordsByRule.get(rule)!;
      if (keywords.length === 0) continue;
      const way = wayOf(trigger);
      for (const keyword of trigger.type === "all_of" ? [rarest(keywords)] : keywords) {
        const postings = byVariant[variant]!.get(keyword) ?? [];
        byVariant[variant]!.set(keyword, postings);
        const posting = postings.find((p) => p.group === group && p.way === way);
        if (!posting) postings.push({ group, way, list: [rule.index] });
        else if (posting.list[posting.list.length - 1] !== rule.index) posting.list.push(rule.index);
      }
    }
    byVariant.forEach((postingsByKeyword, variant) => {
      if (postingsByKeyword.size === 0) return;
      const patterns = [...postingsByKeyword.keys()];
      this.dictionaries[variant] = { automaton: buildAhoCorasick(patterns), patterns, postings: patterns.map((k) => postingsByKeyword.get(k)!) };
    });
  }

  /** The first rule before `later` that shadows it, or undefined. */
  firstShadowing(later: R): R | undefined {
    const { trigger, actions } = later.definition;
    // Earlier rules with conditions shadow only rules with the same ones; with a reply, only rules
    // that reply too.
    const groups: number[] = [];
    for (const byReply of [this.groups.get(""), this.groups.get(later.conditionsKey)]) {
      if (byReply?.[0] !== undefined) groups.push(byReply[0]);
      if (byReply?.[1] !== undefined && actions.reply !== undefined) groups.push(byReply[1]);
    }
    if (groups.length === 0) return undefined;
    const index = trigger.type === "regex" ? this.firstRegex(later, trigger.pattern, groups) : this.firstLiteral(later, trigger, groups);
    return index === undefined ? undefined : this.rules[index];
  }

  /**
   * Whether `earlier` fires whenever `later` would: its trigger covers the later one, it has no
   * condition the later rule lacks, no per-chat limit, and the reply cap can't stop it alone.
   */
  shadows(earlier: R, later: R): boolean {
    const a = earlier.definition;
    const b = later.definition;
    if (!earlier.enabled || a.limits.kind !== "none") return false;
    if (a.actions.reply !== undefined && b.actions.reply === undefined) return false;
    if (hasConditions(a.conditions) && earlier.conditionsKey !== later.conditionsKey) return false;
    return this.covers(a.trigger, b.trigger, later.index);
  }

  /** `triggerCovers` (rule-coverage.ts) with the keywords normalized once per lint, not per pair. */
  private covers(earlier: Trigger, later: Trigger, laterIndex: number): boolean {
    if (earlier.caseSensitive && !later.caseSensitive) return false;
    if (earlier.accentSensitive && !later.accentSensitive) return false;
    if (earlier.type === "regex" || later.type === "regex") {
      return earlier.type === "regex" && later.type === "regex" && earlier.pattern === later.pattern && variantOf(earlier) === variantOf(later);
    }
    const variant = variantOf(earlier);
    const required = keywordsOf(earlier).map((k) => this.normalize(k, VARIANTS[variant]!));
    if (required.includes("")) return triggerCovers(earlier, later); // stored before validation refused it
    const way = wayOf(earlier);
    const isSatisfied = (keyword: string, clause: readonly Fact[]) => clause.some((fact) => occursImplying(way, fact, keyword));
    return this.clausesFor(laterIndex, later, variant).every((clause) =>
      earlier.type === "all_of" ? required.every((k) => isSatisfied(k, clause)) : required.some((k) => isSatisfied(k, clause)),
    );
  }

  private clausesFor(index: number, trigger: LiteralTrigger, variant: number): Fact[][] {
    const key = index * 4 + variant;
    let clauses = this.clauses.get(key);
    if (!clauses) this.clauses.set(key, (clauses = clausesOf(trigger, VARIANTS[variant]!, this.normalize)));
    return clauses;
  }

  private firstRegex(later: R, pattern: string, groups: readonly number[]): number | undefined {
    // Regexes cover only identical regexes with the same options.
    let best: number | undefined;
    for (const group of groups) {
      const first = this.regex.get(`${variantOf(later.definition.trigger)}\u0000${group}\u0000${pattern}`)?.[0];
      if (first !== undefined && first < later.index && (best === undefined || first < best)) best = first;
    }
    return best !== undefined && this.shadows(this.rules[best]!, later) ? best : undefined;
  }

  private firstLiteral(later: R, trigger: LiteralTrigger, groups: readonly number[]): number | undefined {
    const bound = later.index;
    // Earlier rules stricter about case or accents than this one never cover it.
    const variants = COMPATIBLE_VARIANTS[variantOf(trigger)]!.filter((variant) => this.dictionaries[variant] !== undefined);
    const clauseCount = trigger.type === "any_of" ? trigger.keywords.length : 1;
    const order: Array<{ cursor: ClauseCursor; size: number }> = [];
    for (let c = 0; c < clauseCount; c++) {
      const lists: number[][] = [];
      for (const variant of variants) collectImplied(this.dictionaries[variant]!, this.clausesFor(later.index, trigger, variant)[c]!, groups, lists);
      const cursor = new ClauseCursor(lists);
      const size = cursor.size(bound);
      if (size === 0) return undefined; // nothing earlier implies this clause
      order.push({ cursor, size });
    }
    order.sort((a, b) => a.size - b.size);
    // Zig-zag intersection: raise the candidate until every clause has it, then confirm it.
    let steps = MAX_SHADOW_STEPS;
    let value = 0;
    while (steps > 0) {
      let isAgreed = true;
      for (const { cursor } of order) {
        steps--;
        const next = cursor.seek(value);
        if (next >= bound) return undefined;
        if (next > value) {
          value = next;
          isAgreed = false;
          break;
        }
      }
      if (!isAgreed) continue;
      steps--;
      if (this.shadows(this.rules[value]!, later)) return value;
      value++;
    }
    return undefined;
  }
}

/** Adds to `out` each list (of the wanted groups) holding a keyword that a fact of the clause implies. */
function collectImplied(dictionary: Dictionary, clause: readonly Fact[], groups: readonly number[], out: number[][]): void {
  for (const fact of clause) {
    dictionary.automaton.scan(fact.keyword, (pattern, end) => {
      const start = end - dictionary.patterns[pattern]!.length;
      for (const posting of dictionary.postings[pattern]!) {
        if (groups.includes(posting.group) && !out.includes(posting.list) && implies(posting.way, fact, start, end)) out.push(posting.list);
      }
    });
  }
}
