// Words for what the worker records: outcomes, suppression reasons and trace statuses.
import type { ActivityOutcome } from "@/lib/validation/activity";

export const OUTCOME_LABELS: Record<ActivityOutcome, string> = {
  replied: "Replied",
  handed_over: "Handed over",
  tagged: "Tagged",
  suppressed: "Suppressed",
  no_match: "No rule matched",
  failed: "Failed",
  missed: "Missed",
};

export const OUTCOME_TONES: Record<ActivityOutcome, "ok" | "warn" | "bad" | "plain"> = {
  replied: "ok",
  handed_over: "ok",
  tagged: "ok",
  suppressed: "warn",
  no_match: "plain",
  failed: "bad",
  missed: "warn",
};

const SUPPRESSED_REASONS: Record<string, string> = {
  handed_over: "a person has taken over the chat",
  reply_cap_reached: "the bot reached its reply limit for this chat",
  cooldown: "the rule is cooling down",
  once_per_chat: "the rule already fired once in this chat",
};

export function suppressedReason(reason: string | null | undefined): string | null {
  return reason ? (SUPPRESSED_REASONS[reason] ?? reason.replaceAll("_", " ")) : null;
}

const TRACE_STATUSES: Record<string, string> = {
  fired: "Fired",
  no_match: "Did not match",
  disabled: "Turned off",
  invalid: "Invalid",
  condition_failed: "Matched, but a condition failed",
  cooldown: "Matched, but cooling down",
  once_per_chat: "Matched, but already fired in this chat",
  reply_cap_reached: "Matched, but the reply limit was reached",
  handed_over: "Matched, but a person took over",
  shadowed: "Matched, but an earlier rule fired",
};

export function traceStatusLabel(status: string): string {
  return TRACE_STATUSES[status] ?? status.replaceAll("_", " ");
}

const CONDITIONS: Record<string, string> = {
  first_message: "first message only",
  group: "group",
  business_hours: "business hours",
  email_domain: "customer's email domain",
};

export function conditionLabel(condition: string): string {
  return CONDITIONS[condition] ?? condition.replaceAll("_", " ");
}

const ENGINE_OUTCOMES: Record<string, string> = {
  rule: "A rule fired",
  fallback: "No rule matched; the fallback reply was sent",
  handover_unmatched: "No rule matched several times in a row; the chat was handed over",
  suppressed: "Something matched, but the bot kept quiet",
  no_match: "No rule matched",
};

export function engineOutcomeLabel(outcome: string | undefined): string | null {
  return outcome ? (ENGINE_OUTCOMES[outcome] ?? outcome) : null;
}

const ROUTING: Record<string, string> = { accepting_chats: "Accepting chats", not_accepting_chats: "Not accepting chats", offline: "Offline" };

export function routingLabel(status: string | null): string {
  return status ? (ROUTING[status] ?? status) : "Unknown";
}

const AUDIT_ACTIONS: Record<string, string> = {
  "bot.create": "created bot",
  "bot.update": "changed bot",
  "bot.delete": "deleted bot",
  "bot.adopt": "adopted bot",
  "bot.routing_status": "set the routing status of bot",
  "bot.reset_secret": "reset the secret of bot",
  "rule.create": "created rule",
  "rule.update": "changed rule",
  "rule.delete": "deleted rule",
  "rule.reorder": "reordered the rules of",
  "rule.duplicate": "duplicated rule",
  "rule.import": "imported rules into",
  "rule_settings.update": "changed the rule settings of",
  "connection.take_over": "took over the connection",
  "member.remove": "removed member",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action.replace(".", " ").replaceAll("_", " ");
}

const CONNECTION_STATES: Record<string, string> = {
  idle: "Idle",
  connecting: "Connecting",
  authenticating: "Logging in",
  ready: "Connected",
  backoff: "Waiting to reconnect",
  stopped: "Stopped",
};

export function connectionStateLabel(state: string | null): string {
  return state ? (CONNECTION_STATES[state] ?? state) : "Not reported";
}
