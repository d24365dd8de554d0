// Evaluation traces: one entry per rule saying why it did or didn't fire, built lazily.
import type { CompiledBot, CompiledRule } from "./compile-bot";
import type { RuleStatus } from "./rule-status";
import { coverSpan, type TriggerHit } from "./trigger-hit";
import type { Evaluation, TraceEntry } from "./types";

/** The trace line of a rule whose trigger matched. */
function traceEntry(rule: CompiledRule, hit: TriggerHit, status: RuleStatus, isShadowed: boolean): TraceEntry {
  const entry: { -readonly [K in keyof TraceEntry]: TraceEntry[K] } = {
    ruleId: rule.id,
    ruleName: rule.name,
    position: rule.position,
    status: "fired",
    matchedSpan: coverSpan(hit.spans),
    matchedSpans: hit.spans,
  };
  if (status.kind === "condition_failed") entry.failedCondition = status.condition;
  if (status.kind === "cooldown") entry.cooldownEndsAt = status.endsAt;
  if (isShadowed) {
    entry.status = "shadowed";
    entry.wouldHaveFired = status.kind === "eligible";
    if (status.kind !== "eligible" && status.kind !== "handed_over") entry.wouldHaveBeen = status.kind;
  } else if (status.kind !== "eligible") entry.status = status.kind;
  return entry;
}

/**
 * The full trace: rules whose trigger didn't match keep their precomputed (frozen, shared)
 * entries, so this is one array copy plus an entry per matched rule.
 */
export function buildTrace(compiled: CompiledBot, hits: readonly TriggerHit[], statuses: readonly RuleStatus[], winnerIndex: number): TraceEntry[] {
  let trace: TraceEntry[];
  if (winnerIndex < 0) trace = compiled.baseTrace.slice();
  else {
    trace = compiled.shadowTrace.slice();
    for (let i = 0; i < winnerIndex; i++) trace[i] = compiled.baseTrace[i]!;
  }
  hits.forEach((hit, i) => {
    trace[hit.ruleIndex] = traceEntry(compiled.rules[hit.ruleIndex]!, hit, statuses[i]!, winnerIndex >= 0 && hit.ruleIndex > winnerIndex);
  });
  return trace;
}

// Where a lazily built trace keeps its builder and, once built, its value (a non-enumerable
// symbol property: invisible to JSON, spreading, structuredClone and equality checks).
const TRACE = Symbol("trace");
type TraceState = { build: (() => TraceEntry[]) | undefined; value: TraceEntry[] | undefined };
type WithTraceState = Evaluation & { [TRACE]: TraceState };

// One accessor pair for every evaluation (no per-message closures).
const traceAccessor: PropertyDescriptor & ThisType<WithTraceState> = {
  enumerable: true,
  configurable: true,
  get() {
    const state = this[TRACE];
    if (state.value === undefined) {
      state.value = state.build!();
      state.build = undefined;
    }
    return state.value;
  },
  set(value: TraceEntry[]) {
    this[TRACE].value = value;
    this[TRACE].build = undefined;
  },
};

/**
 * Attach `trace` as an enumerable property computed on first read and then kept. A trace has one
 * entry per rule, so building it eagerly would make every message cost O(rules) even when nobody
 * looks; JSON.stringify, spreading and structuredClone all read it like a plain property.
 */
export function withTrace(result: Omit<Evaluation, "trace">, build: () => TraceEntry[]): Evaluation {
  Object.defineProperty(result, TRACE, { value: { build, value: undefined } satisfies TraceState });
  return Object.defineProperty(result as Evaluation, "trace", traceAccessor);
}
