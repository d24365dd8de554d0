// The trace an Activity row keeps: the engine's outcome, the one rule that decided it (or came
// closest), and for all the other rules only counts by status. A full trace has one entry per rule
// (29 KB per message at 200 rules); this stays under a few kilobytes at any number of rules. The
// test console still shows every rule's reason for the same message.
//
// Rows written before this format hold every rule in `rules` and no `summary`; both read the same.
import { z } from "zod";
import type { Evaluation, TraceEntry, TraceStatus } from "../rules";
import { ActivityTraceSchema } from "../validation/activity";

/** Matched spans kept on the stored entry (an all-of rule has one per keyword). */
const MAX_STORED_SPANS = 8;

/** Statuses of rules whose trigger matched but that didn't fire: the closest to firing. */
const MATCHED_BUT_HELD: ReadonlySet<TraceStatus> = new Set(["condition_failed", "cooldown", "once_per_chat", "reply_cap_reached", "handed_over"]);

export interface TraceSummary {
  /** Rules the message went through. */
  ruleCount: number;
  /** Status → number of rules, for the rules not kept in `rules`. */
  others: Record<string, number>;
}

export interface StoredActivityTrace {
  outcome: Evaluation["outcome"];
  suppressedReason?: Evaluation["suppressedReason"];
  /** At most one entry: the rule that fired, or else the first one that matched but was held back. */
  rules: TraceEntry[];
  summary: TraceSummary;
}

function kept(entry: TraceEntry): TraceEntry {
  const spans = entry.matchedSpans;
  return spans && spans.length > MAX_STORED_SPANS ? { ...entry, matchedSpans: spans.slice(0, MAX_STORED_SPANS) } : entry;
}

/** What an Activity row stores of an evaluation: bounded whatever the number of rules. */
export function compactTrace(evaluation: Evaluation): StoredActivityTrace {
  const trace = evaluation.trace;
  const decisive = trace.find((entry) => entry.status === "fired") ?? trace.find((entry) => MATCHED_BUT_HELD.has(entry.status));
  const others: Record<string, number> = {};
  for (const entry of trace) if (entry !== decisive) others[entry.status] = (others[entry.status] ?? 0) + 1;
  return {
    outcome: evaluation.outcome,
    ...(evaluation.suppressedReason !== undefined ? { suppressedReason: evaluation.suppressedReason } : {}),
    rules: decisive ? [kept(decisive)] : [],
    summary: { ruleCount: trace.length, others },
  };
}

/** A stored trace as the Activity page reads it: old rows (every rule) and new ones (with a summary). */
export const StoredActivityTraceSchema = ActivityTraceSchema.extend({
  summary: z.object({ ruleCount: z.number().int().nonnegative(), others: z.record(z.string(), z.number().int().nonnegative()) }).optional(),
});
export type ActivityTraceView = z.infer<typeof StoredActivityTraceSchema>;
