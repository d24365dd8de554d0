// Evaluate one customer message against a compiled bot: find every rule whose trigger matches,
// walk them in order, and let the first one that passes its conditions and limits fire. Every rule
// gets a trace entry saying why it did or didn't fire.
import type { CompiledBot, CompiledRule } from "./compile-bot";
import type { LocalTimeCache } from "./conditions";
import { MessageTexts } from "./message-texts";
import { statusOf, type RuleStatus } from "./rule-status";
import { renderTemplate, type ParsedTemplate, type TemplateContext } from "./template";
import { buildTrace, withTrace } from "./trace";
import { coverSpan, type TriggerHit } from "./trigger-hit";
import type { EvaluateInput, Evaluation, SuppressedReason } from "./types";

function render(template: ParsedTemplate, compiled: CompiledBot, input: EvaluateInput): string {
  const context: TemplateContext = { customer: input.customer, bot: { name: compiled.bot.name }, chat: { group: input.groupName } };
  return renderTemplate(template, context);
}

/** What happens for this message, given the first eligible rule (if any). */
function outcomeOf(
  compiled: CompiledBot,
  input: EvaluateInput,
  winner: { rule: CompiledRule; hit: TriggerHit } | undefined,
  blocked: SuppressedReason | undefined,
  isCapReached: boolean,
): Omit<Evaluation, "trace"> {
  const { chat } = input;
  if (chat.handedOver) return { outcome: "suppressed", suppressedReason: "handed_over", actions: { tags: [] }, isUnmatched: false };
  if (winner) {
    const { rule, hit } = winner;
    return {
      outcome: "rule",
      ruleId: rule.id,
      ruleName: rule.name,
      matchedSpan: coverSpan(hit.spans),
      matchedSpans: hit.spans,
      actions: {
        ...(rule.reply ? { reply: render(rule.reply, compiled, input) } : {}),
        ...(rule.transferToGroupId !== undefined ? { transferToGroupId: rule.transferToGroupId } : {}),
        tags: [...rule.tags],
      },
      isUnmatched: false,
    };
  }
  // A rule matched but its limits (or the reply cap) held it back: the bot understood, stays quiet.
  if (blocked) return { outcome: "suppressed", suppressedReason: blocked, actions: { tags: [] }, isUnmatched: false };
  const handover = compiled.settings.handoverAfterUnmatched;
  if (handover && chat.unmatchedCount + 1 >= handover.count) {
    return { outcome: "handover_unmatched", actions: { transferToGroupId: handover.groupId, tags: [] }, isUnmatched: true };
  }
  if (!compiled.fallback) return { outcome: "no_match", actions: { tags: [] }, isUnmatched: true };
  if (isCapReached) return { outcome: "suppressed", suppressedReason: "reply_cap_reached", actions: { tags: [] }, isUnmatched: true };
  return { outcome: "fallback", actions: { reply: render(compiled.fallback, compiled, input), tags: [] }, isUnmatched: true };
}

/**
 * Decide the outcome from the rules whose triggers matched (`hits`, any order). Shared by the
 * compiled engine and the reference matcher, so they differ only in how triggers are matched.
 */
export function decide(compiled: CompiledBot, input: EvaluateInput, hits: readonly TriggerHit[]): Evaluation {
  const isCapReached = input.chat.botReplies >= compiled.settings.maxRepliesPerChat;
  const localTimes: LocalTimeCache = new Map();
  // Matchers only report enabled, valid rules; the filter keeps hand-made hits honest too.
  const sorted = hits.filter((hit) => compiled.rules[hit.ruleIndex]?.isActive).sort((a, b) => a.ruleIndex - b.ruleIndex);
  const statuses: RuleStatus[] = [];
  let winner: { rule: CompiledRule; hit: TriggerHit } | undefined;
  let blocked: SuppressedReason | undefined;
  for (const hit of sorted) {
    const rule = compiled.rules[hit.ruleIndex]!;
    const status = statusOf(rule, input, isCapReached, localTimes);
    statuses.push(status);
    if (winner) continue;
    if (status.kind === "eligible") winner = { rule, hit };
    else if (status.kind !== "condition_failed") blocked ??= status.kind;
  }
  const result = outcomeOf(compiled, input, winner, winner ? undefined : blocked, isCapReached);
  return withTrace(result, () => buildTrace(compiled, sorted, statuses, winner?.rule.index ?? -1));
}

/** Evaluate one customer message. Pure: same compiled bot and input, same result. */
export function evaluate(compiled: CompiledBot, input: EvaluateInput): Evaluation {
  const texts = new MessageTexts(input.text);
  const hits: TriggerHit[] = [];
  compiled.literal.match(texts, hits);
  compiled.regex.match(texts, hits);
  return decide(compiled, input, hits);
}
