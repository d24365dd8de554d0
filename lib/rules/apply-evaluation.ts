// The chat state after an evaluation's actions were carried out. Pure; the worker persists it.
import type { ChatRuleState, Evaluation } from "./types";

/**
 * The next chat state once `evaluation`'s actions were carried out at `now`: counts the reply,
 * records the rule's firing (for once-per-chat and cooldowns), tracks consecutive unmatched
 * messages, and marks the chat handed over after a transfer. Returns a new object.
 */
export function applyEvaluation(state: ChatRuleState, evaluation: Evaluation, now: Date): ChatRuleState {
  if (state.handedOver) return { ...state, ruleFirings: Object.fromEntries(Object.entries(state.ruleFirings)) };
  const replied = evaluation.actions.reply !== undefined ? 1 : 0;
  const isTransferred = evaluation.actions.transferToGroupId !== undefined;
  // fromEntries defines own properties, so even an id like "__proto__" is stored as data.
  const fired = evaluation.outcome === "rule" && evaluation.ruleId !== undefined ? [[evaluation.ruleId, now.toISOString()] as const] : [];
  const ruleFirings: Record<string, string> = Object.fromEntries([...Object.entries(state.ruleFirings), ...fired]);
  return {
    botReplies: state.botReplies + replied,
    // Consecutive misses: a rule firing resets the count, a held-back rule leaves it alone.
    unmatchedCount: evaluation.outcome === "rule" ? 0 : state.unmatchedCount + (evaluation.isUnmatched ? 1 : 0),
    handedOver: isTransferred,
    ruleFirings,
  };
}
