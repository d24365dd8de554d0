// `follow_chat` / `unfollow_chat` (livechat-api.md 3.7, 4.8). Follows belong to the agent (every
// connection of the agent gets the chat's pushes) and to the chat's current thread: they end when
// the thread closes and do not carry over to the next thread.
import { z } from "zod";
import { isChatMember } from "./access";
import { validationError } from "./api-error";
import { chatView } from "./chat-views";
import { requireChat, requireReadAccess, type ChatAction } from "./chat-guards";
import { activeThread, lastThread } from "./model";
import { parsePayload } from "./validate";

const idSchema = z.strictObject({ id: z.string() });

export const followChat: ChatAction = (ac, payload) => {
  const input = parsePayload(idSchema, payload);
  const chat = requireChat(ac, input.id);
  requireReadAccess(ac, chat);
  // Following an inactive chat is accepted but has no lasting effect: the follow would end when
  // the chat gets its next thread (livechat-api.md 4.8, "until the chat is reactivated").
  const thread = activeThread(chat);
  if (!thread) return {};
  // livechat-api.md 4.8: members get everything anyway; the `incoming_chat` push is skipped for
  // requesters that are already members or followers.
  if (isChatMember(chat, ac.requester.id) || thread.followers.has(ac.requester.id)) return {};
  thread.followers.add(ac.requester.id);
  ac.ctx.delivery.toAgent(
    chat.organizationId,
    ac.requester.id,
    "incoming_chat",
    { requester_id: ac.requester.id, chat: chatView(ac.ctx.state, chat, thread, ac.ctx.clock.now()) },
    ac.origin,
  );
  return {};
};

export const unfollowChat: ChatAction = (ac, payload) => {
  const input = parsePayload(idSchema, payload);
  const chat = requireChat(ac, input.id);
  // livechat-api.md 3.7: no scope needed, but chat members cannot unfollow.
  if (isChatMember(chat, ac.requester.id)) throw validationError("Chat users cannot unfollow the chat");
  const thread = lastThread(chat);
  if (!thread?.followers.delete(ac.requester.id)) return {};
  // livechat-api.md 5: `chat_unfollowed` tells the agent's other connections.
  ac.ctx.delivery.toAgent(chat.organizationId, ac.requester.id, "chat_unfollowed", { chat_id: chat.id }, undefined, ac.origin?.connectionId);
  return {};
};
