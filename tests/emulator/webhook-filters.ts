// The registration filters of livechat-api.md 7.1, evaluated when the action happens.
// Choices where the docs are silent (stricter: fewer deliveries):
//  - Chat presence is the chat's users right after the change: a bot just removed from the chat (or
//    transferred away) no longer counts for `my_bots`; for `chat_deactivated` the users are those
//    of the thread that closes.
//  - `exclude_values` fires only when none of the listed users is in the chat.
//  - `author_type` never matches events without an author (`system_message`).
//  - `only_my_chats` reads the chat property `source.client_id`; the emulator's chats are started
//    by customers and carry no such property, so it matches nothing.
import type { EventSource } from "./event-source";
import type { Chat } from "./model";
import type { EmulatorState } from "./state";
import type { SourceType, WebhookFilters } from "./webhook-catalogue";

export interface ObservedAction {
  organizationId: string;
  action: string;
  payload: Record<string, unknown>;
  /** The chat the action is about (chat and event actions). */
  chat?: Chat;
}

export function sourceTypeOf(source: EventSource, ownerClientId: string): SourceType {
  if (source.kind === "system") return "system";
  return source.kind === "client" && source.clientId === ownerClientId ? "my_client" : "other_clients";
}

function authorTypeOf(state: EmulatorState, chat: Chat, authorId: unknown): "customer" | "agent" | null {
  if (typeof authorId !== "string") return null;
  const user = chat.users.get(authorId);
  if (user) return user.type;
  if (authorId === chat.customerId) return "customer";
  const known = state.isBot(chat.organizationId, authorId) || state.agentByAgentId(chat.organizationId, authorId) !== undefined;
  return known ? "agent" : null;
}

function hasBotOf(state: EmulatorState, chat: Chat, clientId: string): boolean {
  for (const userId of chat.users.keys()) {
    if (state.botInOrganization(chat.organizationId, userId)?.ownerClientId === clientId) return true;
  }
  return false;
}

function chatSourceClientId(chat: Chat): unknown {
  const source = chat.properties.source;
  return source && typeof source === "object" ? (source as Record<string, unknown>).client_id : undefined;
}

function passesChatFilters(state: EmulatorState, filters: WebhookFilters, ownerClientId: string, observed: ObservedAction): boolean {
  const chatFiltered = filters.chat_presence !== undefined || filters.only_my_chats === true || filters.author_type !== undefined;
  if (!chatFiltered) return true;
  const chat = observed.chat;
  if (!chat) return false;
  const presence = filters.chat_presence;
  const values = presence?.user_ids?.values;
  if (values && !values.some((id) => chat.users.has(id))) return false;
  const excluded = presence?.user_ids?.exclude_values;
  if (excluded?.some((id) => chat.users.has(id))) return false;
  if (presence?.my_bots === true && !hasBotOf(state, chat, ownerClientId)) return false;
  if (filters.only_my_chats === true && chatSourceClientId(chat) !== ownerClientId) return false;
  if (filters.author_type !== undefined) {
    const event = observed.payload.event as Record<string, unknown> | undefined;
    if (authorTypeOf(state, chat, event?.author_id) !== filters.author_type) return false;
  }
  return true;
}

export function passesFilters(
  state: EmulatorState,
  filters: WebhookFilters | undefined,
  ownerClientId: string,
  observed: ObservedAction,
  source: EventSource,
): boolean {
  if (!filters) return true;
  if (filters.source_type && !filters.source_type.includes(sourceTypeOf(source, ownerClientId))) return false;
  if (filters.agent_ids && !filters.agent_ids.includes(String(observed.payload.agent_id))) return false;
  return passesChatFilters(state, filters, ownerClientId, observed);
}
