// What customers and human agents do in a chat, driven by the control API (the customer page and
// tests): start a chat, write, a human joins or takes over, close. Each goes through the same
// engine as the APIs, so pushes and routing behave the same.
import { isChatMember } from "./access";
import { addAgent, appendEvent, deactivateChat, openThread } from "./chat-engine";
import type { EmulatorContext } from "./context";
import { ControlError } from "./control-error";
import { newChatStyleId, newUuid } from "./ids";
import { activeThread, type Agent, type Chat, type Customer } from "./model";
import { transferChat } from "./transfer";

export interface StartChatInput {
  organizationId: string;
  /** Default: group 0. */
  groupId?: number;
  customer?: { name?: string; email?: string };
  /** An initial customer message, part of the new thread (livechat-api.md 5 `incoming_chat`). */
  message?: string;
}

export interface StartChatResult {
  chatId: string;
  threadId: string;
  customerId: string;
}

export function requireControlChat(ctx: EmulatorContext, chatId: string): Chat {
  const chat = ctx.state.chats.get(chatId);
  if (!chat) throw new ControlError(404, `Chat ${chatId} not found`);
  return chat;
}

export function requireControlAgent(ctx: EmulatorContext, chat: Chat, reference: string): Agent {
  const agent = ctx.state.findAgent(reference);
  if (!agent || agent.organizationId !== chat.organizationId) throw new ControlError(404, `Agent ${reference} not found in the chat's organization`);
  return agent;
}

export function startChat(ctx: EmulatorContext, input: StartChatInput): StartChatResult {
  const organization = ctx.state.organizations.get(input.organizationId);
  if (!organization) throw new ControlError(404, `Organization ${input.organizationId} not found`);
  const groupId = input.groupId ?? 0;
  if (!organization.groups.has(groupId)) throw new ControlError(404, `Group ${groupId} not found`);
  const customer: Customer = {
    id: newUuid(),
    organizationId: organization.id,
    name: input.customer?.name?.trim() || "Customer",
    email: input.customer?.email?.trim() || null,
    createdAt: ctx.clock.timestamp(),
  };
  ctx.state.customers.set(customer.id, customer);
  const chat: Chat = {
    id: newUniqueChatId(ctx),
    organizationId: organization.id,
    customerId: customer.id,
    users: new Map([[customer.id, { id: customer.id, type: "customer", visibility: "all", present: true, eventsSeenUpTo: null }]]),
    threads: [],
    accessGroupIds: [groupId],
    properties: {},
  };
  ctx.state.chats.set(chat.id, chat);
  const firstEvent = input.message ? { type: "message", text: input.message, visibility: "all" as const, author_id: customer.id } : undefined;
  const thread = openThread(ctx, chat, firstEvent);
  return { chatId: chat.id, threadId: thread.id, customerId: customer.id };
}

function newUniqueChatId(ctx: EmulatorContext): string {
  for (;;) {
    const id = newChatStyleId();
    if (!ctx.state.chats.has(id)) return id;
  }
}

/** A customer message; on a closed chat it opens a new thread that is routed again (6.2). */
export function sendCustomerMessage(ctx: EmulatorContext, chatId: string, text: string): { eventId: string; threadId: string } {
  if (!text.trim()) throw new ControlError(400, "`text` must not be empty");
  const chat = requireControlChat(ctx, chatId);
  const event = { type: "message", text, visibility: "all" as const, author_id: chat.customerId };
  const active = activeThread(chat);
  if (active) return { eventId: appendEvent(ctx, chat, active, event).id, threadId: active.id };
  const thread = openThread(ctx, chat, event);
  const first = thread.events.find((candidate) => candidate.author_id === chat.customerId);
  return { eventId: first?.id ?? "", threadId: thread.id };
}

export interface JoinOptions {
  /** `take_over` (default): the chat moves to the agent and the bot leaves. `join`: the agent is added. */
  mode?: "take_over" | "join";
}

export function agentJoinChat(ctx: EmulatorContext, chatId: string, agentReference: string, options: JoinOptions = {}): void {
  const chat = requireControlChat(ctx, chatId);
  const agent = requireControlAgent(ctx, chat, agentReference);
  if (!activeThread(chat)) throw new ControlError(409, "The chat is inactive");
  if ((options.mode ?? "take_over") === "join") {
    addAgent(ctx, chat, agent.id, { reason: "manual", requesterId: agent.id });
    return;
  }
  const others = [...chat.users.values()].some((user) => user.type === "agent" && user.id !== agent.id);
  if (isChatMember(chat, agent.id) && !others) return;
  transferChat(ctx, chat, { requesterId: agent.id, target: { type: "agent", ids: [agent.id] }, ignoreAgentsAvailability: true });
}

/** A human agent writes; an agent who is not in the chat takes it over first. */
export function agentSendMessage(ctx: EmulatorContext, chatId: string, agentReference: string, text: string): { eventId: string; threadId: string } {
  if (!text.trim()) throw new ControlError(400, "`text` must not be empty");
  const chat = requireControlChat(ctx, chatId);
  const agent = requireControlAgent(ctx, chat, agentReference);
  if (!isChatMember(chat, agent.id)) agentJoinChat(ctx, chatId, agent.id);
  const thread = activeThread(chat);
  if (!thread) throw new ControlError(409, "The chat is inactive");
  const event = appendEvent(ctx, chat, thread, { type: "message", text, visibility: "all", author_id: agent.id });
  return { eventId: event.id, threadId: thread.id };
}

/** Closes the active thread: by the customer (default), by an agent, or by the router (no `user_id`). */
export function closeChat(ctx: EmulatorContext, chatId: string, by: string = "customer"): void {
  const chat = requireControlChat(ctx, chatId);
  if (!activeThread(chat)) throw new ControlError(409, "The chat is already inactive");
  const userId = by === "router" ? undefined : by === "customer" ? chat.customerId : requireControlAgent(ctx, chat, by).id;
  deactivateChat(ctx, chat, { userId });
}
