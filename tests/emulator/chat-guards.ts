// Checks shared by the chat actions of the Web and RTM APIs (livechat-api.md 1.11 chat-access
// model, 3.2–3.8). A missing scope is `authorization`; a scope that does not reach this chat
// (groups do not overlap, not a chat user) is `missing_access`. The docs do not map these cases to
// error types; this split keeps "fix your token" apart from "you are not in this chat".
import { groupsOverlap, isChatMember } from "./access";
import { ApiError } from "./api-error";
import type { EmulatorContext } from "./context";
import type { Origin } from "./delivery";
import { activeThread, type Chat, type Thread } from "./model";
import { callerOf, type Requester } from "./requester";
import { hasScope } from "./scopes";

export interface ActionContext {
  ctx: EmulatorContext;
  requester: Requester;
  /** The RTM connection and request id that caused the action, for `request_id` on pushes (4.2). */
  origin?: Origin;
  surface: "agent-web" | "rtm";
}

export type ChatAction = (action: ActionContext, payload: unknown) => unknown;

export function requireChat(ac: ActionContext, chatId: string): Chat {
  const chat = ac.ctx.state.chatInOrganization(ac.requester.organizationId, chatId);
  if (!chat) throw new ApiError("not_found", "Chat not found");
  return chat;
}

function requesterGroups(ac: ActionContext): number[] {
  return ac.ctx.state.groupIdsOfUser(ac.requester.organizationId, ac.requester.id);
}

function requireChatScope(ac: ActionContext, chat: Chat, permission: "ro" | "rw"): void {
  const { scopes } = ac.requester;
  if (hasScope(scopes, `chats--all:${permission}`)) return;
  if (!hasScope(scopes, `chats--access:${permission}`)) {
    throw new ApiError("authorization", `Requires one of the scopes: chats--all:${permission}, chats--access:${permission}`);
  }
  // `chats--access`: the requester's groups must overlap the chat's (livechat-api.md 1.11, 3.2).
  if (!groupsOverlap(requesterGroups(ac), chat.accessGroupIds)) {
    throw new ApiError("missing_access", "The requester's groups do not overlap the chat's groups");
  }
}

export function requireReadAccess(ac: ActionContext, chat: Chat): void {
  requireChatScope(ac, chat, "ro");
}

export function requireWriteAccess(ac: ActionContext, chat: Chat): void {
  requireChatScope(ac, chat, "rw");
}

export function canRead(ac: ActionContext, chat: Chat): boolean {
  try {
    requireReadAccess(ac, chat);
    return true;
  } catch {
    return false;
  }
}

export function requireActiveThread(chat: Chat): Thread {
  const thread = activeThread(chat);
  if (!thread) throw new ApiError("chat_inactive", "Chat is inactive");
  return thread;
}

export function requireChatUser(ac: ActionContext, chat: Chat, ignorePresence = false): void {
  if (ignorePresence || isChatMember(chat, ac.requester.id)) return;
  throw new ApiError("missing_access", "Requester is not a user of the chat");
}

export function requireThread(chat: Chat, threadId: string): Thread {
  const thread = chat.threads.find((candidate) => candidate.id === threadId);
  if (!thread) throw new ApiError("not_found", "Thread not found");
  return thread;
}

export function describeCaller(ac: ActionContext): string {
  return callerOf(ac.requester).id ?? "anonymous";
}
