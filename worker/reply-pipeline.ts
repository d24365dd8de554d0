// One customer message, one bot: claim → evaluate → act as the bot → record.
//
// - The claim (claims.ts) comes first, so a message is acted on at most once per bot whatever
//   delivers it (push, catch-up, a second worker); a claim left behind by a dead owner is
//   recovered by looking for our reply's `custom_id` before sending again.
// - Rules run through the pure engine (lib/rules) with the chat's stored state.
// - Actions go through the Agent Web API with the bot's own token (livechat-api.md 3.1, 4.5):
//   `send_event` carrying a `custom_id` that marks the reply as ours (3.2), `tag_thread`, then
//   `transfer_chat` last, since after a transfer the bot may no longer be in the chat (3.5).
// - Every outcome lands in Activity with the evaluation's outcome, the deciding rule's trace entry
//   and counts by status for the other rules (lib/insights/activity-trace.ts).
import { z } from "zod";
import { sendEvent, tagThread, transferChat } from "../lib/livechat/agent-web-api";
import { compactTrace } from "../lib/insights/activity-trace";
import { LiveChatError } from "../lib/livechat/errors";
import type { LiveChatApiContext } from "../lib/livechat/http";
import type { RequestMeter } from "../lib/livechat/request-meter";
import type { ChatEvent } from "../lib/livechat/rtm-schemas";
import type { Logger } from "../lib/log";
import { applyEvaluation, evaluate, type ChatRuleState, type Evaluation } from "../lib/rules";
import { callWithPolicy, type CallPolicy } from "./api-policy";
import type { BotTokenCache } from "./bot-tokens";
import { isTooLateToAnswer } from "./chat-decisions";
import type { ActivityRecord, ClaimKey, ClaimStore } from "./claims";
import type { ManagedBot } from "./org-config";

export const EMPTY_CHAT_STATE: ChatRuleState = { botReplies: 0, unmatchedCount: 0, handedOver: false, ruleFirings: {} };

const ChatRuleStateSchema = z.object({
  botReplies: z.number().int().min(0).catch(0),
  unmatchedCount: z.number().int().min(0).catch(0),
  handedOver: z.boolean().catch(false),
  ruleFirings: z.record(z.string(), z.string()).catch({}),
});

export function parseChatState(value: unknown): ChatRuleState {
  const parsed = ChatRuleStateSchema.safeParse(value);
  return parsed.success ? parsed.data : { ...EMPTY_CHAT_STATE, ruleFirings: {} };
}

/** Marks a reply as ours: deterministic per (bot, customer event), so a retry can find it. */
export function replyCustomId(botId: string, eventId: string): string {
  return `botdesk-${botId}-${eventId}`;
}

/** The customer's words kept on the Activity row, shortened (never logged). */
export function shorten(text: string, max = 280): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export class FencedError extends Error {
  override name = "FencedError";
}

export interface MessageInput {
  chatId: string;
  threadId: string;
  event: ChatEvent;
  bot: ManagedBot;
  isFirstCustomerMessage: boolean;
  groupId?: number | undefined;
  groupName?: string | undefined;
  customer?: { name?: string; email?: string } | undefined;
  /** A human agent is in the chat (or it was transferred away): the bot keeps quiet. */
  humanTakeover: boolean;
  source: "live" | "catch_up";
  /**
   * The chat's rule state per bot, kept in memory between messages: only the lease holder writes
   * it, so after the first load from the database the cache is the truth.
   */
  ruleStates: Map<string, ChatRuleState>;
}

export interface PipelineDeps {
  orgId: string;
  workerId: string;
  epoch(): number;
  apiUrl: string;
  webApiTimeoutMs: number;
  /** Counts each call made as the bot (livechat-api.md 10.1). */
  meter?: RequestMeter;
  catchUpWindowMs: number;
  claims: ClaimStore;
  botTokens: BotTokenCache;
  policy: CallPolicy;
  /** Local lease check (renewed recently enough); false → stop acting at once. */
  isLeaseValid(): boolean;
  /** The current thread's events, read again (for reconciliation by `custom_id`). */
  readThreadEvents(chatId: string): Promise<ChatEvent[]>;
  log: Logger;
  now?: () => number;
}

export type PipelineResult = "replied" | "handed_over" | "tagged" | "suppressed" | "no_match" | "failed" | "missed" | "duplicate";

interface ActionReport {
  replyEventId?: string;
  transferred?: boolean;
  taggedWith: string[];
  failures: string[];
}

function describeError(error: unknown): string {
  if (error instanceof LiveChatError) return `${error.type}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export class ReplyPipeline {
  private readonly now: () => number;

  constructor(private readonly deps: PipelineDeps) {
    this.now = deps.now ?? Date.now;
  }

  async process(input: MessageInput): Promise<PipelineResult> {
    const { deps } = this;
    if (!deps.isLeaseValid()) throw new FencedError("lease not renewed in time");
    const key: ClaimKey = { orgId: deps.orgId, botId: input.bot.id, eventId: input.event.id, workerId: deps.workerId, epoch: deps.epoch() };
    const where = { chatId: input.chatId, threadId: input.threadId };
    const text = input.event.text ?? "";
    const log = deps.log.child({ chatId: input.chatId, eventId: input.event.id, botId: input.bot.id });

    if (input.source === "catch_up" && isTooLateToAnswer(input.event, this.now(), deps.catchUpWindowMs)) {
      const recorded = await deps.claims.recordMissed(key, where, {
        outcome: "missed",
        chatId: input.chatId,
        messageText: shorten(text),
        detail: `Arrived while the worker was away and is older than the catch-up window (${Math.round(deps.catchUpWindowMs / 1000)} s).`,
      });
      if (recorded) log.info("message missed", { ageMs: this.now() - Date.parse(input.event.created_at) });
      return recorded ? "missed" : "duplicate";
    }

    const claim = await deps.claims.claim(key, where);
    if (claim.kind === "fenced") throw new FencedError("claim refused: the lease moved on");
    if (claim.kind === "duplicate") return "duplicate";
    if (claim.kind === "recovered") {
      const customId = replyCustomId(input.bot.id, input.event.id);
      const found = (await deps.readThreadEvents(input.chatId)).find((event) => event.custom_id === customId);
      if (found) {
        log.info("claim recovered, reply was already sent", { previousWorkerId: claim.previousWorkerId });
        await this.finish(key, "done", undefined, {
          outcome: "replied",
          chatId: input.chatId,
          messageText: shorten(text),
          detail: "Reply found after the previous worker stopped mid-way; not sent again.",
        });
        return "replied";
      }
      log.info("claim recovered, handling again", { previousWorkerId: claim.previousWorkerId });
    }

    if (input.humanTakeover) {
      await this.finish(key, "done", undefined, {
        outcome: "suppressed",
        chatId: input.chatId,
        messageText: shorten(text),
        detail: "human_takeover: a human agent has taken over this chat; the bot stays silent.",
      });
      return "suppressed";
    }

    const state = input.ruleStates.get(input.bot.id) ?? parseChatState(await deps.claims.loadChatState(input.bot.id, input.chatId));
    const now = new Date(this.now());
    const evaluation = evaluate(input.bot.compiled, {
      text,
      isFirstCustomerMessage: input.isFirstCustomerMessage,
      ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
      ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
      ...(input.customer ? { customer: input.customer } : {}),
      now,
      chat: state,
    });

    const report = await this.act(input, evaluation, log);
    const done: Evaluation = {
      ...evaluation,
      actions: {
        ...(report.replyEventId !== undefined && evaluation.actions.reply !== undefined ? { reply: evaluation.actions.reply } : {}),
        ...(report.transferred && evaluation.actions.transferToGroupId !== undefined ? { transferToGroupId: evaluation.actions.transferToGroupId } : {}),
        tags: report.taggedWith,
      },
    };
    const nextState = applyEvaluation(state, done, now);
    const activity = this.activityFor(input, evaluation, report, text);
    const failed = report.failures.length > 0;
    await this.finish(key, failed ? "failed" : "done", { chatId: input.chatId, state: nextState }, activity);
    input.ruleStates.set(input.bot.id, nextState);
    log.info("message handled", { outcome: activity.outcome, ruleId: evaluation.ruleId, source: input.source });
    return activity.outcome;
  }

  private async finish(key: ClaimKey, status: "done" | "failed", chatState: { chatId: string; state: unknown } | undefined, activity: ActivityRecord) {
    const ok = await this.deps.claims.finish(key, { status, ...(chatState ? { chatState } : {}), activity });
    if (!ok) throw new FencedError("finish refused: the claim moved to a newer lease");
  }

  private activityFor(input: MessageInput, evaluation: Evaluation, report: ActionReport, text: string): ActivityRecord {
    const base = {
      chatId: input.chatId,
      ruleId: evaluation.ruleId,
      ruleName: evaluation.ruleName,
      messageText: shorten(text),
      // The deciding rule's entry and counts for the others: bounded at any number of rules.
      trace: compactTrace(evaluation),
    };
    if (report.failures.length > 0) {
      const succeeded = [
        ...(report.replyEventId ? ["replied"] : []),
        ...(report.taggedWith.length ? [`tagged ${report.taggedWith.join(", ")}`] : []),
        ...(report.transferred ? ["handed over"] : []),
      ];
      const detail = `${report.failures.join("; ")}${succeeded.length ? ` (done anyway: ${succeeded.join(", ")})` : ""}`;
      return { ...base, outcome: "failed", detail };
    }
    if (report.transferred) return { ...base, outcome: "handed_over", detail: `Transferred to group ${evaluation.actions.transferToGroupId}.` };
    if (report.replyEventId) return { ...base, outcome: "replied", detail: evaluation.outcome === "fallback" ? "Fallback reply." : undefined };
    if (report.taggedWith.length > 0) return { ...base, outcome: "tagged", detail: `Tagged ${report.taggedWith.join(", ")}.` };
    if (evaluation.outcome === "suppressed") return { ...base, outcome: "suppressed", detail: evaluation.suppressedReason };
    return { ...base, outcome: "no_match" };
  }

  private async act(input: MessageInput, evaluation: Evaluation, log: Logger): Promise<ActionReport> {
    const report: ActionReport = { taggedWith: [], failures: [] };
    const { actions } = evaluation;
    if (actions.reply === undefined && actions.transferToGroupId === undefined && actions.tags.length === 0) return report;
    if (!input.bot.secretEnc) {
      report.failures.push("The bot has no stored secret, so it cannot act; reset its secret in the dashboard.");
      return report;
    }
    if (actions.reply !== undefined) {
      const customId = replyCustomId(input.bot.id, input.event.id);
      const reply = actions.reply;
      try {
        const sent = await this.asBot(input.bot, "send_event", (ctx) =>
          sendEvent(ctx, { chatId: input.chatId, event: { type: "message", text: reply, visibility: "all", custom_id: customId } }),
          // After a timeout the reply may have gone out: look for it before sending again.
          async () => {
            const found = (await this.deps.readThreadEvents(input.chatId)).find((event) => event.custom_id === customId);
            return found ? { eventId: found.id } : undefined;
          },
        );
        report.replyEventId = sent.eventId;
      } catch (error) {
        log.warn("reply failed", { errorType: error instanceof LiveChatError ? error.type : "error" });
        report.failures.push(`Reply failed (${describeError(error)})`);
        // Without the reply, a hand-over or tag would leave the customer without an answer; stop here.
        return report;
      }
    }
    for (const tag of actions.tags) {
      try {
        await this.asBot(input.bot, "tag_thread", (ctx) => tagThread(ctx, { chatId: input.chatId, threadId: input.threadId, tag }));
        report.taggedWith.push(tag);
      } catch (error) {
        report.failures.push(`Tag “${tag}” failed (${describeError(error)})`);
      }
    }
    if (actions.transferToGroupId !== undefined) {
      const groupId = actions.transferToGroupId;
      try {
        await this.asBot(input.bot, "transfer_chat", (ctx) =>
          transferChat(ctx, { chatId: input.chatId, target: { type: "group", ids: [groupId] }, ignoreAgentsAvailability: true }),
        );
        report.transferred = true;
      } catch (error) {
        report.failures.push(`Hand-over to group ${groupId} failed (${describeError(error)})`);
      }
    }
    return report;
  }

  /** Calls the Web API as the bot; a refused bot token is replaced once (2.6: 24 h lifetime). */
  private async asBot<T>(bot: ManagedBot, action: string, call: (ctx: LiveChatApiContext) => Promise<T>, reconcile?: () => Promise<T | undefined>): Promise<T> {
    const { deps } = this;
    for (let attempt = 0; ; attempt += 1) {
      if (!deps.isLeaseValid()) throw new FencedError("lease not renewed in time");
      const token = await deps.botTokens.get(bot.id, bot.secretKey);
      try {
        return await callWithPolicy(
          deps.policy,
          action,
          () => call({ apiUrl: deps.apiUrl, token, timeoutMs: deps.webApiTimeoutMs, ...(deps.meter ? { meter: deps.meter } : {}) }),
          reconcile,
        );
      } catch (error) {
        if (attempt === 0 && error instanceof LiveChatError && error.type === "authentication") {
          deps.botTokens.invalidate(bot.id, token);
          continue;
        }
        throw error;
      }
    }
  }
}
