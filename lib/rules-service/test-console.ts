// The test console: one customer message through the same compileBot + evaluate the worker runs,
// on the bot's saved rules and settings (or on drafts sent along, checked as saving them would
// check them), with the full trace. Every member may use it, so its work is bounded: the input by
// its schema (lib/validation/rules-api.ts) and the body limit, the CPU time by a budget — checking
// drafts, compiling and evaluating stop when it runs out, and the answer says so.
import { getBotById } from "../data/bots";
import { listRulesByBotId } from "../data/rules";
import { AppError } from "../errors";
import { runWithinBudget, TimeBudgetExceededError } from "../http/time-budget";
import { compileBot, evaluate, type ChatRuleState, type RuleRecord, type TraceEntry } from "../rules";
import type { Evaluation, Span } from "../rules/types";
import { validateTestConsoleDrafts, type TestConsoleInput } from "../validation/rules-api";
import type { RulesContext } from "./manage-rules";
import { parseStoredJson, toRuleRecord } from "./rule-view";
import { validationError } from "./validation-error";
import { wallClockToInstant } from "./wall-clock";

/** CPU time one test may take (checking drafts, compiling, evaluating). Defaults to 1,000 ms. */
export const TEST_CONSOLE_BUDGET_MS = 1_000;

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

export interface TestConsoleOptions {
  now?: Date;
  /** Defaults to TEST_CONSOLE_BUDGET_MS. */
  budgetMs?: number;
}

const NEW_CHAT: ChatRuleState = { botReplies: 0, unmatchedCount: 0, handedOver: false, ruleFirings: {} };

function instantOf(input: TestConsoleInput, now: Date): Date {
  if (!input.time) return now;
  if ("at" in input.time) return new Date(input.time.at);
  return wallClockToInstant(input.time.date, input.time.time, input.time.timeZone);
}

/** The rules and settings to run: the drafts sent (checked) or the saved ones. */
function rulesAndSettings(input: TestConsoleInput, saved: { rules: RuleRecord[]; settings: unknown }): { rules: RuleRecord[]; settings: unknown } {
  if (input.rules === undefined && input.settings === undefined) return saved;
  const drafts = validateTestConsoleDrafts(input);
  if (!drafts.ok) throw validationError(drafts.errors);
  const rules = drafts.value.rules?.map((rule, position) => ({
    id: rule.id ?? `draft-${position + 1}`,
    name: rule.name,
    enabled: rule.enabled,
    position,
    definition: rule.definition,
  }));
  return { rules: rules ?? saved.rules, settings: drafts.value.settings ?? saved.settings };
}

function outOfTime(budgetMs: number, isDraft: boolean): AppError {
  return new AppError(
    "validation",
    `The test stopped after ${budgetMs.toLocaleString("en-US")} ms, the most one test may take: evaluating this message against ${
      isDraft ? "these draft rules" : "the saved rules"
    } takes too long. Test fewer or simpler rules (regular expressions with large repeats are the usual cause), or a shorter message.`,
    { reason: "time_budget_exceeded", ...(isDraft ? { field: "rules" } : {}) },
  );
}

export async function runTestConsole(ctx: RulesContext, botId: string, input: TestConsoleInput, options: TestConsoleOptions = {}): Promise<TestConsoleResult> {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const savedRules = input.rules ? [] : (await listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId })).map(toRuleRecord);
  const at = instantOf(input, options.now ?? new Date());
  const budgetMs = options.budgetMs ?? TEST_CONSOLE_BUDGET_MS;
  const source = input.rules ? "draft" : "saved";
  try {
    return runWithinBudget(() => {
      const { rules, settings } = rulesAndSettings(input, { rules: savedRules, settings: parseStoredJson(bot.ruleSettings) });
      const compiled = compileBot({ bot: { id: bot.id, name: bot.name }, settings: (settings ?? {}) as never, rules });
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
        // The trace is built on first read: read it here, inside the budget.
        trace: evaluation.trace,
        evaluatedAt: at.toISOString(),
        source,
        problems: compiled.problems,
      };
    }, budgetMs);
  } catch (error) {
    if (error instanceof TimeBudgetExceededError) throw outOfTime(budgetMs, source === "draft");
    throw error;
  }
}
