// Public types of the rule engine. Everything here is plain data: the worker persists
// ChatRuleState and the dashboard shows Evaluation traces.
import type { BotRuleSettingsSchema, RuleDefinitionSchema } from "@/lib/validation/rule";
import type { z } from "zod";
import type { Span } from "./normalize-text";

export type { Span };

/** A bot's rule as stored; `definition` is parsed (and defaulted) again when compiled. */
export interface RuleRecord {
  id: string;
  name: string;
  enabled: boolean;
  /** Lower positions are evaluated first. */
  position: number;
  definition: z.input<typeof RuleDefinitionSchema>;
}

/** Input of {@link compileBot}. */
export interface CompileBotInput {
  bot: { id: string; name: string };
  settings: z.input<typeof BotRuleSettingsSchema>;
  rules: RuleRecord[];
}

/** What the engine remembers about one chat between messages; the worker persists it. */
export interface ChatRuleState {
  /** Replies the bot has sent in this chat (rule replies and fallbacks). */
  botReplies: number;
  /** Consecutive customer messages that no rule matched. */
  unmatchedCount: number;
  /** The chat was transferred to a group; the bot stays silent from now on. */
  handedOver: boolean;
  /** Rule id → ISO time of the rule's last firing in this chat. */
  ruleFirings: Record<string, string>;
}

/** One customer message to evaluate. Time comes in through `now`, nothing reads the clock. */
export interface EvaluateInput {
  text: string;
  isFirstCustomerMessage: boolean;
  /** LiveChat group of the chat. */
  groupId?: number;
  /** Group name, for the {{chat.group}} template variable. */
  groupName?: string;
  now: Date;
  customer?: { name?: string; email?: string };
  chat: ChatRuleState;
}

/** A rule condition that can fail. */
export type ConditionName = "first_message" | "group" | "business_hours" | "email_domain";

/** Why a rule did (or didn't) fire for a message. */
export type TraceStatus =
  | "fired"
  | "no_match"
  | "disabled"
  | "invalid"
  | "condition_failed"
  | "cooldown"
  | "once_per_chat"
  | "reply_cap_reached"
  | "handed_over"
  | "shadowed";

/** Reasons a matching rule was held back (also what a shadowed rule would have hit). */
export type BlockedStatus = "no_match" | "condition_failed" | "cooldown" | "once_per_chat" | "reply_cap_reached";

/** One rule's line in an evaluation trace. Entries are shared and frozen: don't mutate them. */
export interface TraceEntry {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly position: number;
  readonly status: TraceStatus;
  /** Where the trigger matched, in the original message (covers all spans). */
  readonly matchedSpan?: Span;
  /** Each matched keyword's span (several for all-of rules). */
  readonly matchedSpans?: readonly Span[];
  /** For `condition_failed` (or a shadowed rule that would have failed): which condition. */
  readonly failedCondition?: ConditionName;
  /** For `cooldown`: when the rule may fire again (ISO). */
  readonly cooldownEndsAt?: string;
  /** For `shadowed`: whether the rule would have fired had no earlier rule fired. */
  readonly wouldHaveFired?: boolean;
  /** For `shadowed` rules that would not have fired anyway: why. */
  readonly wouldHaveBeen?: BlockedStatus;
  /** For `invalid`: the stored definition no longer validates. */
  readonly error?: string;
}

export type Outcome = "rule" | "fallback" | "handover_unmatched" | "suppressed" | "no_match";

/** Why nothing was sent although something matched (or the fallback would have replied). */
export type SuppressedReason = "handed_over" | "reply_cap_reached" | "cooldown" | "once_per_chat";

/** What the worker should do. `reply` is already rendered and at most 16 KB of UTF-8. */
export interface EvaluationActions {
  reply?: string;
  transferToGroupId?: number;
  tags: string[];
}

/** Result of evaluating one message. */
export interface Evaluation {
  outcome: Outcome;
  ruleId?: string;
  ruleName?: string;
  matchedSpan?: Span;
  matchedSpans?: Span[];
  actions: EvaluationActions;
  suppressedReason?: SuppressedReason;
  /** No enabled rule's trigger and conditions matched: counts toward the unmatched handover. */
  isUnmatched: boolean;
  /**
   * One entry per rule, in evaluation order. Built on first read and then kept (it is O(rules),
   * and most messages never need it); it reads, spreads and serializes like a plain property.
   */
  trace: TraceEntry[];
}
