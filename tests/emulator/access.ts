// Who may see or change a chat: the chat-access model of livechat-api.md 1.11 (`all` reaches every
// chat, `access` chats whose groups overlap the requester's, `my` chats the requester is in).
import type { Chat } from "./model";
import type { EmulatorState } from "./state";

/** livechat-api.md 2.7: group 0 in an access structure means every agent can see the chat. */
export function groupsOverlap(userGroupIds: readonly number[], chatGroupIds: readonly number[]): boolean {
  if (chatGroupIds.includes(0)) return true;
  return userGroupIds.some((id) => chatGroupIds.includes(id));
}

export function isChatMember(chat: Chat, userId: string): boolean {
  const user = chat.users.get(userId);
  return user !== undefined && user.type === "agent";
}

export function userHasGroupAccess(state: EmulatorState, chat: Chat, userId: string): boolean {
  return groupsOverlap(state.groupIdsOfUser(chat.organizationId, userId), chat.accessGroupIds);
}
