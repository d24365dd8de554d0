// One vocabulary for what happens in a chat, whoever told us: an RTM push (livechat-api.md 5) or
// a bot webhook delivery (7.2: "webhooks with the same name carry the same payload"). Intake reads
// only signals, so both sources take the same path from here on.
import { PushPayloadSchemas, type Chat, type ChatEvent, type ChatUser, type RtmPush } from "../lib/livechat/rtm-schemas";

export type ChatSignal =
  /** A whole chat with its current thread (`incoming_chat`). */
  | { kind: "chat"; chat: Chat }
  | { kind: "event"; chatId: string; threadId: string; event: ChatEvent }
  | { kind: "user_added"; chatId: string; user: ChatUser }
  | { kind: "user_removed"; chatId: string; userId: string }
  | { kind: "transferred"; chatId: string; toAgentIds: readonly string[] }
  | { kind: "deactivated"; chatId: string }
  | { kind: "unfollowed"; chatId: string }
  | { kind: "access_updated"; chatId: string; groupIds: readonly number[] };

export type SignalSource = "rtm" | "webhook";

/** The chat signal a push carries; null for pushes about something else (statuses, bots, …). */
export function signalFromPush(push: RtmPush): ChatSignal | null {
  switch (push.action) {
    case "incoming_chat":
      return { kind: "chat", chat: push.payload.chat };
    case "incoming_event":
      return { kind: "event", chatId: push.payload.chat_id, threadId: push.payload.thread_id, event: push.payload.event };
    case "user_added_to_chat":
      return { kind: "user_added", chatId: push.payload.chat_id, user: push.payload.user };
    case "user_removed_from_chat":
      return { kind: "user_removed", chatId: push.payload.chat_id, userId: push.payload.user_id };
    case "chat_transferred":
      return { kind: "transferred", chatId: push.payload.chat_id, toAgentIds: push.payload.transferred_to?.agent_ids ?? [] };
    case "chat_deactivated":
      return { kind: "deactivated", chatId: push.payload.chat_id };
    case "chat_unfollowed":
      return { kind: "unfollowed", chatId: push.payload.chat_id };
    case "chat_access_updated":
      return { kind: "access_updated", chatId: push.payload.id, groupIds: push.payload.access.group_ids };
    default:
      return null;
  }
}

const WEBHOOK_ACTIONS = ["incoming_chat", "incoming_event", "user_added_to_chat", "user_removed_from_chat", "chat_transferred", "chat_deactivated"] as const;
type WebhookAction = (typeof WEBHOOK_ACTIONS)[number];

function isWebhookAction(action: string): action is WebhookAction {
  return (WEBHOOK_ACTIONS as readonly string[]).includes(action);
}

/** The chat signal of a stored webhook delivery (`body` = `{ payload, additional_data }`); null when unreadable. */
export function signalFromWebhook(action: string, body: unknown): ChatSignal | null {
  if (!isWebhookAction(action) || typeof body !== "object" || body === null) return null;
  const parsed = PushPayloadSchemas[action].safeParse((body as { payload?: unknown }).payload);
  if (!parsed.success) return null;
  return signalFromPush({ action, payload: parsed.data } as RtmPush);
}
