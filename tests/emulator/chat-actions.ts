// The Agent Chat API actions shared by the Web API (agent-web-api.ts) and RTM (rtm-connection.ts).
import { listChats, getChat, listThreads } from "./chat-read-actions";
import type { ChatAction } from "./chat-guards";
import {
  addUserToChat,
  deactivateChatAction,
  removeUserFromChat,
  sendEvent,
  sendTypingIndicator,
  tagThread,
  untagThread,
} from "./chat-write-actions";
import { followChat, unfollowChat } from "./follow-actions";
import { listRoutingStatuses, setRoutingStatus } from "./routing-status";
import { transferChatAction } from "./transfer";

export const CHAT_ACTIONS: Readonly<Record<string, ChatAction>> = {
  send_event: sendEvent,
  send_typing_indicator: sendTypingIndicator,
  deactivate_chat: deactivateChatAction,
  tag_thread: tagThread,
  untag_thread: untagThread,
  add_user_to_chat: addUserToChat,
  remove_user_from_chat: removeUserFromChat,
  list_chats: listChats,
  get_chat: getChat,
  list_threads: listThreads,
  follow_chat: followChat,
  unfollow_chat: unfollowChat,
  transfer_chat: transferChatAction,
  set_routing_status: setRoutingStatus,
  list_routing_statuses: listRoutingStatuses,
};
