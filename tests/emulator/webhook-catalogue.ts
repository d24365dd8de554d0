// The webhook actions the emulator knows and the filters each accepts (livechat-api.md 7.1:
// "chat and event actions take `chat_presence`, `only_my_chats`, `source_type` (plus `author_type`
// for `incoming_event`/`event_updated`); `routing_status_set` takes `agent_ids`, `source_type`;
// configuration actions take `source_type` only").
//
// Accepted names: the webhooks livechat-api.md names (7.1, 10.3) and the pushes of section 5 that
// are about chats, statuses or configuration, plus `thread_tagged`/`thread_untagged`, which the
// emulator pushes. Session-only pushes (typing, sneak peeks, `chat_unfollowed`,
// `agent_disconnected`, `groups_status_updated`) and the removed `incoming_customer` (10.3) are
// refused. Deliveries happen only for what the emulator does: see webhook-dispatch.ts.
import { z } from "zod";

export type WebhookKind = "event" | "chat" | "status" | "configuration";

const KINDS: Readonly<Record<string, WebhookKind>> = {
  incoming_event: "event",
  event_updated: "event",
  incoming_chat: "chat",
  event_deleted: "chat",
  user_added_to_chat: "chat",
  user_removed_from_chat: "chat",
  chat_deactivated: "chat",
  chat_transferred: "chat",
  chat_access_updated: "chat",
  incoming_rich_message_postback: "chat",
  events_marked_as_seen: "chat",
  thread_tagged: "chat",
  thread_untagged: "chat",
  thread_summary_set: "chat",
  routing_status_set: "status",
  agent_status_changed: "status",
  bot_created: "configuration",
  bot_updated: "configuration",
  bot_deleted: "configuration",
  agent_created: "configuration",
  agent_updated: "configuration",
  agent_deleted: "configuration",
  agent_suspended: "configuration",
  agent_unsuspended: "configuration",
  agent_approved: "configuration",
  group_created: "configuration",
  group_updated: "configuration",
  group_deleted: "configuration",
};

export const WEBHOOK_ACTIONS = Object.keys(KINDS) as [string, ...string[]];

export function webhookKind(action: unknown): WebhookKind | undefined {
  return typeof action === "string" && Object.hasOwn(KINDS, action) ? KINDS[action] : undefined;
}

export const ADDITIONAL_DATA = ["chat_properties", "chat_presence_user_ids"] as const;
export type AdditionalDataName = (typeof ADDITIONAL_DATA)[number];

/** livechat-api.md 7.1: `additional_data` is "not for `agent_status_changed`, `agent_deleted`". */
export const WITHOUT_ADDITIONAL_DATA: ReadonlySet<string> = new Set(["agent_status_changed", "agent_deleted"]);

export const SOURCE_TYPES = ["my_client", "other_clients", "system"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

const sourceType = z.array(z.enum(SOURCE_TYPES)).min(1);
const userIds = z.array(z.string().min(1)).min(1);

const chatPresence = z.strictObject({
  // livechat-api.md 7.1: "fire if any listed user is / is not in the chat (one of the two)".
  user_ids: z
    .strictObject({ values: userIds.optional(), exclude_values: userIds.optional() })
    .refine((ids) => (ids.values === undefined) !== (ids.exclude_values === undefined), "give exactly one of `values` and `exclude_values`")
    .optional(),
  my_bots: z.boolean().optional(),
});

const chatFilters = { chat_presence: chatPresence.optional(), only_my_chats: z.boolean().optional(), source_type: sourceType.optional() };

/** Strict: a filter the action does not take is an unknown parameter (`validation`). */
export const FILTER_SCHEMAS: Readonly<Record<WebhookKind, z.ZodType<WebhookFilters>>> = {
  event: z.strictObject({ ...chatFilters, author_type: z.enum(["customer", "agent"]).optional() }),
  chat: z.strictObject(chatFilters),
  status: z.strictObject({ agent_ids: userIds.optional(), source_type: sourceType.optional() }),
  configuration: z.strictObject({ source_type: sourceType.optional() }),
};

export const FILTER_NAMES: Readonly<Record<WebhookKind, string[]>> = {
  event: ["author_type", "chat_presence", "only_my_chats", "source_type"],
  chat: ["chat_presence", "only_my_chats", "source_type"],
  status: ["agent_ids", "source_type"],
  configuration: ["source_type"],
};

export interface WebhookFilters {
  author_type?: "customer" | "agent";
  chat_presence?: { user_ids?: { values?: string[]; exclude_values?: string[] }; my_bots?: boolean };
  only_my_chats?: boolean;
  source_type?: SourceType[];
  agent_ids?: string[];
}
