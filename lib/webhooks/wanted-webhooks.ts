// The bot webhooks Botdesk wants LiveChat to send (livechat-api.md 7.1), and how a registration
// LiveChat lists is recognized as one of them. `list_webhooks` returns no secret, so each
// registration's description carries a short fingerprint of the secret it was made with: a
// registration made with an older secret is told apart and replaced.
import crypto from "node:crypto";
import type { LiveChatWebhook, WebhookAdditionalData, WebhookFilters } from "../livechat/configuration-api";
import { canonicalJson } from "./canonical-json";

/** Marks the registrations Botdesk made; the fingerprint follows it. */
export const DESCRIPTION_PREFIX = "Botdesk bot webhook";

export interface WantedWebhook {
  action: string;
  type: "bot";
  url: string;
  description: string;
  filters: WebhookFilters;
  additionalData: WebhookAdditionalData[];
}

/** livechat-api.md 7.1: fire only for chats that include a bot our Client Id owns. */
const IN_CHATS_WITH_OUR_BOTS: WebhookFilters = { chat_presence: { my_bots: true } };
/** The chat's users come with each delivery, so the worker knows which of its bots is there. */
const ADDITIONAL_DATA: WebhookAdditionalData[] = ["chat_presence_user_ids"];

/** What each wanted action is filtered on; the worker needs nothing else from LiveChat. */
const WANTED: ReadonlyArray<{ action: string; filters: WebhookFilters }> = [
  { action: "incoming_chat", filters: IN_CHATS_WITH_OUR_BOTS },
  { action: "user_added_to_chat", filters: IN_CHATS_WITH_OUR_BOTS },
  { action: "chat_transferred", filters: IN_CHATS_WITH_OUR_BOTS },
  { action: "chat_deactivated", filters: IN_CHATS_WITH_OUR_BOTS },
  // livechat-api.md 7.1: `author_type` only for `incoming_event`; agents' and bots' own messages stay away.
  { action: "incoming_event", filters: { author_type: "customer", ...IN_CHATS_WITH_OUR_BOTS } },
];

export const WANTED_ACTIONS: readonly string[] = WANTED.map((entry) => entry.action);

/** A short, one-way mark of the secret: it says which secret a registration carries, not the secret. */
export function secretFingerprint(secret: string): string {
  return crypto.createHmac("sha256", secret).update("botdesk webhook fingerprint").digest("hex").slice(0, 16);
}

export function webhookDescription(secret: string): string {
  return `${DESCRIPTION_PREFIX} ${secretFingerprint(secret)}`;
}

export function wantedWebhooks(input: { url: string; secret: string }): WantedWebhook[] {
  const description = webhookDescription(input.secret);
  return WANTED.map(({ action, filters }) => ({
    action,
    type: "bot",
    url: input.url,
    description,
    filters,
    additionalData: ADDITIONAL_DATA,
  }));
}

/**
 * Whether a listed registration is exactly the wanted one. `list_webhooks` may leave out
 * `type` and `additional_data` (livechat-api.md 7.1 does not list them): only what is there is compared.
 */
export function matchesWanted(listed: LiveChatWebhook, wanted: WantedWebhook): boolean {
  if (listed.action !== wanted.action || listed.url !== wanted.url || (listed.description ?? "") !== wanted.description) return false;
  if (listed.type !== undefined && listed.type !== wanted.type) return false;
  if (canonicalJson(listed.filters ?? {}) !== canonicalJson(wanted.filters)) return false;
  if (listed.additional_data != null && canonicalJson([...listed.additional_data].sort()) !== canonicalJson([...wanted.additionalData].sort())) {
    return false;
  }
  return true;
}

/** Registrations this installation made, now or with an earlier secret or settings. */
export function isOurs(listed: LiveChatWebhook, url: string): boolean {
  return listed.url === url || (listed.description ?? "").startsWith(DESCRIPTION_PREFIX);
}
