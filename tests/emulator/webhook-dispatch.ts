// Turns what happens in the emulator into webhook deliveries (livechat-api.md 7.2). Every chat
// push with a broadcast audience (delivery.ts `chatFull` / `chatKey`) and every organization push
// (`routing_status_set`, `bot_*`) is offered here once, with the same payload as the RTM push
// (section 5: "Webhooks with the same name carry the same payload"). Pushes meant for one agent
// (`incoming_chat` after a follow or to the agent a chat was transferred to, `chat_unfollowed`) are
// not webhook events. Delivered today: `incoming_chat`, `incoming_event`, `user_added_to_chat`,
// `user_removed_from_chat`, `chat_transferred`, `chat_deactivated`, `thread_tagged`,
// `thread_untagged`, `routing_status_set`, `bot_created`, `bot_updated`, `bot_deleted`; the emulator
// has no event updates, postbacks or agent/group configuration changes, so those never fire.
import type { Clock } from "./clock";
import type { EventSource, EventSources } from "./event-source";
import type { EmulatorState } from "./state";
import type { TokenStore } from "./tokens";
import { webhookKind } from "./webhook-catalogue";
import { webhookApplies } from "./webhook-audience";
import { passesFilters, type ObservedAction } from "./webhook-filters";
import type { WebhookRegistration, WebhookRegistry } from "./webhook-registry";
import type { WebhookSender } from "./webhook-sender";

export interface DispatchDeps {
  state: EmulatorState;
  tokens: TokenStore;
  clock: Clock;
  sources: EventSources;
  registry: WebhookRegistry;
  sender: WebhookSender;
}

/**
 * livechat-api.md 7.2: the `routing_status_set` webhook documents its statuses with spaces
 * (`accepting chats`), unlike the push. The reference tells receivers to accept both; the emulator
 * sends the webhook's documented spelling, the one a receiver is likelier to miss.
 */
function webhookPayload(action: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (action === "routing_status_set" && typeof payload.status === "string") return { ...payload, status: payload.status.replace(/_/g, " ") };
  return payload;
}

function additionalData(registration: WebhookRegistration, observed: ObservedAction): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const chat = observed.chat;
  if (!chat) return data;
  if (registration.additionalData?.includes("chat_presence_user_ids")) data.chat_presence_user_ids = [...chat.users.keys()];
  if (registration.additionalData?.includes("chat_properties")) data.chat_properties = structuredClone(chat.properties);
  return data;
}

/** livechat-api.md 7.2: configuration webhooks also carry `requester` {`user_id`, `account_id`, `client_id`}. */
function requesterOf(source: EventSource): Record<string, unknown> | undefined {
  if (source.kind !== "client") return undefined;
  return { user_id: source.userId, account_id: source.accountId, client_id: source.clientId };
}

function chatIdOf(observed: ObservedAction): string | null {
  if (observed.chat) return observed.chat.id;
  return typeof observed.payload.chat_id === "string" ? observed.payload.chat_id : null;
}

export class WebhookDispatcher {
  constructor(private readonly deps: DispatchDeps) {}

  observe(observed: ObservedAction): void {
    const registrations = this.deps.registry.list({ action: observed.action });
    if (registrations.length === 0) return;
    const { state, tokens, clock, sources } = this.deps;
    const source = sources.current();
    const now = clock.now();
    for (const registration of registrations) {
      if (!webhookApplies(state, tokens, now, registration, observed.organizationId)) continue;
      if (!passesFilters(state, registration.filters, registration.ownerClientId, observed, source)) continue;
      const requester = webhookKind(registration.action) === "configuration" ? requesterOf(source) : undefined;
      // Exactly the documented body (7.2); `additional_data` is always present, empty when nothing
      // was asked for (the docs' general format always shows it).
      const body = {
        webhook_id: registration.id,
        secret_key: registration.secretKey,
        action: registration.action,
        organization_id: observed.organizationId,
        payload: webhookPayload(observed.action, observed.payload),
        additional_data: additionalData(registration, observed),
        ...(requester ? { requester } : {}),
      };
      this.deps.sender.enqueue({
        webhookId: registration.id,
        action: registration.action,
        organizationId: observed.organizationId,
        chatId: chatIdOf(observed),
        url: registration.url,
        body: JSON.stringify(body),
      });
    }
  }
}
