// The contract between the webhook receiver and the worker: which deliveries wait in WebhookInbox
// for the worker, and the PostgreSQL channel that announces them (SQLite: the worker polls).

/** NOTIFY payload: the Botdesk organization id whose inbox got a pending delivery. */
export const WEBHOOK_CHANNEL = "botdesk_webhook";

/** Actions the worker acts on (livechat-api.md 5, 7.1); any other delivery is stored as `ignored`. */
export const WORKER_ACTIONS: ReadonlySet<string> = new Set([
  "incoming_chat",
  "incoming_event",
  "user_added_to_chat",
  "user_removed_from_chat",
  "chat_transferred",
  "chat_deactivated",
]);

export type InboxStatus = "pending" | "ignored" | "done";
