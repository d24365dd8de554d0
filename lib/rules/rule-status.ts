// Why a rule whose trigger matched may or may not fire right now.
import type { CompiledRule } from "./compile-bot";
import { failedCondition, type LocalTimeCache } from "./conditions";
import type { ConditionName, EvaluateInput } from "./types";

export type RuleStatus =
  | { kind: "eligible" }
  | { kind: "condition_failed"; condition: ConditionName }
  | { kind: "cooldown"; endsAt: string }
  | { kind: "once_per_chat" }
  | { kind: "handed_over" }
  | { kind: "reply_cap_reached" };

// Statuses without details are shared: evaluate runs per message and shouldn't allocate needlessly.
const ELIGIBLE: RuleStatus = { kind: "eligible" };
const ONCE_PER_CHAT: RuleStatus = { kind: "once_per_chat" };
const HANDED_OVER: RuleStatus = { kind: "handed_over" };
const REPLY_CAP_REACHED: RuleStatus = { kind: "reply_cap_reached" };

/** Why a rule whose trigger matched may not fire now: conditions, then its limits, then the bot's. */
export function statusOf(rule: CompiledRule, input: EvaluateInput, isCapReached: boolean, localTimes: LocalTimeCache): RuleStatus {
  const condition = rule.conditions ? failedCondition(rule.conditions, input, localTimes) : undefined;
  if (condition) return { kind: "condition_failed", condition };
  // hasOwn: a rule id like "constructor" must not find Object.prototype members.
  const last = Object.hasOwn(input.chat.ruleFirings, rule.id) ? input.chat.ruleFirings[rule.id] : undefined;
  if (last !== undefined && rule.limits) {
    if (rule.limits.kind === "once_per_chat") return ONCE_PER_CHAT;
    if (rule.limits.kind === "cooldown") {
      const endsAt = Date.parse(last) + rule.limits.seconds * 1000;
      if (input.now.getTime() < endsAt) return { kind: "cooldown", endsAt: new Date(endsAt).toISOString() };
    }
  }
  if (input.chat.handedOver) return HANDED_OVER;
  if (isCapReached && rule.reply) return REPLY_CAP_REACHED;
  return ELIGIBLE;
}
