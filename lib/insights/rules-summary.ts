// What the audit log keeps of a change to many rules at once (an import, a reorder): counts, and the
// names of the rules added, changed, moved and removed, never the rule sets themselves, so an entry
// stays a few kilobytes however many rules the bot has.

/** Names kept per kind; the count says how many there were. */
export const SUMMARY_NAMES_LIMIT = 25;

export interface NamedCount {
  count: number;
  /** The first SUMMARY_NAMES_LIMIT names, in list order. */
  names: string[];
}

export interface RulesChangeSummary {
  added: NamedCount;
  /** Same rule (by key), different name, enabled flag or definition. */
  changed: NamedCount;
  /** Same rule, same content, out of its former order (the fewest moves that explain the new order). */
  moved: NamedCount;
  removed: NamedCount;
  unchanged: number;
}

export interface SummaryRule {
  /** What pairs a rule before with one after: its id when ids survive (reorder), else its name. */
  key: string;
  name: string;
  enabled: boolean;
  /** The definition as canonical JSON text. */
  definition: string;
}

function named(rules: readonly SummaryRule[]): NamedCount {
  return { count: rules.length, names: rules.slice(0, SUMMARY_NAMES_LIMIT).map((rule) => rule.name) };
}

/** Indices (into `values`) of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest tail of an increasing run of length k + 1
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}

/**
 * Compares two rule lists (each in evaluation order). Rules pair up by key, the k-th occurrence of
 * a key before with the k-th after; unpaired ones are added or removed.
 */
export function summarizeRuleChanges(before: readonly SummaryRule[], after: readonly SummaryRule[]): RulesChangeSummary {
  const waiting = new Map<string, number[]>();
  before.forEach((rule, i) => {
    const list = waiting.get(rule.key);
    if (list) list.push(i);
    else waiting.set(rule.key, [i]);
  });
  const added: SummaryRule[] = [];
  const changed: SummaryRule[] = [];
  const same: Array<{ rule: SummaryRule; from: number }> = [];
  const paired = new Set<number>();
  for (const rule of after) {
    const from = waiting.get(rule.key)?.shift();
    if (from === undefined) {
      added.push(rule);
      continue;
    }
    paired.add(from);
    const old = before[from]!;
    if (old.name !== rule.name || old.enabled !== rule.enabled || old.definition !== rule.definition) changed.push(rule);
    else same.push({ rule, from });
  }
  const inOrder = longestIncreasing(same.map(({ from }) => from));
  const moved = same.filter((_, i) => !inOrder.has(i)).map(({ rule }) => rule);
  return {
    added: named(added),
    changed: named(changed),
    moved: named(moved),
    removed: named(before.filter((_, i) => !paired.has(i))),
    unchanged: same.length - moved.length,
  };
}

/** Whether a stored value looks like a RulesChangeSummary (entries written since summaries exist). */
export function isRulesChangeSummary(value: unknown): value is RulesChangeSummary {
  if (typeof value !== "object" || value === null) return false;
  const summary = value as Record<string, unknown>;
  const isNamed = (v: unknown) => typeof v === "object" && v !== null && typeof (v as NamedCount).count === "number" && Array.isArray((v as NamedCount).names);
  return isNamed(summary.added) && isNamed(summary.changed) && isNamed(summary.removed);
}
