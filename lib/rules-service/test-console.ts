// The test console: one customer message through the same compileBot + evaluate the worker runs,
// on the bot's saved rules and settings (or on drafts sent along), with the full trace.
import { getBotById } from "../data/bots";
import { listRulesByBotId } from "../data/rules";
import { compileBot, evaluate, type ChatRuleState, type RuleRecord, type TraceEntry } from "../rules";
import type { Evaluation, Span } from "../rules/types";
import type { TestConsoleInput } from "../validation/rules-api";
import type { RulesContext } from "./manage-rules";
import { parseStoredJson, toRuleRecord } from "./rule-view";
import { wallClockToInstant } from "./wall-clock";

export interface TestConsoleResult {
  outcome: Evaluation["outcome"];
  ruleId: string | null;
  ruleName: string | null;
  /** The reply exactly as the worker would send it, or null when the bot stays silent. */
  reply: string | null;
  transferToGroupId: number | null;
  tags: string[];
  matchedSpan: Span | null;
  /** The message text the matched span covers. */
  matchedText: string | null;
  suppressedReason: Evaluation["suppressedReason"] | null;
  isUnmatched: boolean;
  trace: TraceEntry[];
  /** The instant the message was evaluated at (conditions such as business hours use it). */
  evaluatedAt: string;
  /** "saved": the bot's stored rules; "draft": the rules sent with the request. */
  source: "saved" | "draft";
  /** Rules or settings the engine could not use (e.g. saved under older validation). */
  problems: readonly string[];
}

const NEW_CHAT: ChatRuleState = { botReplies: 0, unmatchedCount: 0, handedOver: false, ruleFirings: {} };

function instantOf(input: TestConsoleInput, now: Date): Date {
  if (!input.time) return now;
  if ("at" in input.time) return new Date(input.time.at);
  return wallClockToInstant(input.time.date, input.time.time, input.time.timeZone);
}

export async function runTestConsole(ctx: RulesContext, botId: string, input: TestConsoleInput, now = new Date()): Promise<TestConsoleResult> {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const rules: RuleRecord[] = input.rules
    ? input.rules.map((rule, position) => ({
        id: rule.id ?? `draft-${position + 1}`,
        name: rule.name,
        enabled: rule.enabled,
        position,
        definition: rule.definition as RuleRecord["definition"],
      }))
    : (await listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId })).map(toRuleRecord);
  const settings = input.settings !== undefined ? input.settings : parseStoredJson(bot.ruleSettings);
  const compiled = compileBot({ bot: { id: bot.id, name: bot.name }, settings: (settings ?? {}) as never, rules });
  const at = instantOf(input, now);
  const evaluation = evaluate(compiled, {
    text: input.text,
    isFirstCustomerMessage: input.isFirstCustomerMessage,
    ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
    ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
    now: at,
    ...(input.customer ? { customer: input.customer } : {}),
    chat: input.chat ?? NEW_CHAT,
  });
  const span = evaluation.matchedSpan;
  return {
    outcome: evaluation.outcome,
    ruleId: evaluation.ruleId ?? null,
    ruleName: evaluation.ruleName ?? null,
    reply: evaluation.actions.reply ?? null,
    transferToGroupId: evaluation.actions.transferToGroupId ?? null,
    tags: evaluation.actions.tags,
    matchedSpan: span ?? null,
    matchedText: span ? input.text.slice(span.start, span.end) : null,
    suppressedReason: evaluation.suppressedReason ?? null,
    isUnmatched: evaluation.isUnmatched,
    trace: evaluation.trace,
    evaluatedAt: at.toISOString(),
    source: input.rules ? "draft" : "saved",
    problems: compiled.problems,
  };
}
