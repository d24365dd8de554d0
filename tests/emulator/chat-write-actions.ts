// Agent Chat API actions that change a chat's conversation (livechat-api.md 3.2, 3.6, 3.7, and
// the docs' "Tag Thread"). Shared by the Web API and RTM.
import { z } from "zod";
import { groupsOverlap } from "./access";
import { ApiError, validationError } from "./api-error";
import { addAgent, appendEvent, deactivateChat, removeAgent } from "./chat-engine";
import {
  requireActiveThread,
  requireChat,
  requireChatUser,
  requireThread,
  requireWriteAccess,
  type ActionContext,
  type ChatAction,
} from "./chat-guards";
import { checkTextSize, sendableEventSchema } from "./event-schema";
import { hasScope } from "./scopes";
import { parsePayload, visibilityEnum } from "./validate";

const sendEventSchema = z.strictObject({
  chat_id: z.string(),
  event: sendableEventSchema,
  attach_to_last_thread: z.boolean().optional(),
});

/** livechat-api.md 3.2: the author is the token's owner — the bot itself with a bot token. */
export const sendEvent: ChatAction = (ac, payload) => {
  const input = parsePayload(sendEventSchema, payload);
  checkTextSize(input.event);
  const chat = requireChat(ac, input.chat_id);
  requireWriteAccess(ac, chat);
  const thread = requireActiveThread(chat);
  requireChatUser(ac, chat);
  const visibility = input.event.visibility ?? "all";
  if (visibility === "all" && chat.users.get(ac.requester.id)?.visibility === "agents") {
    throw validationError("A user with `agents` visibility cannot send events visible to all");
  }
  const event = appendEvent(ac.ctx, chat, thread, { ...input.event, visibility, author_id: ac.requester.id }, ac.origin);
  return { event_id: event.id };
};

const typingSchema = z.strictObject({ chat_id: z.string(), is_typing: z.boolean(), visibility: visibilityEnum.optional() });

export const sendTypingIndicator: ChatAction = (ac, payload) => {
  const input = parsePayload(typingSchema, payload);
  const chat = requireChat(ac, input.chat_id);
  requireWriteAccess(ac, chat);
  const thread = requireActiveThread(chat);
  // NOT DOCUMENTED whether a non-user may send it; stricter: only chat users.
  requireChatUser(ac, chat);
  ac.ctx.delivery.chatFull(
    chat,
    "incoming_typing_indicator",
    {
      chat_id: chat.id,
      thread_id: thread.id,
      typing_indicator: {
        author_id: ac.requester.id,
        visibility: input.visibility ?? "all",
        timestamp: Math.floor(ac.ctx.clock.now() / 1000),
        is_typing: input.is_typing,
      },
    },
    { origin: ac.origin },
  );
  return {};
};

const deactivateSchema = z.strictObject({ id: z.string(), ignore_requester_presence: z.boolean().optional() });

export const deactivateChatAction: ChatAction = (ac, payload) => {
  const input = parsePayload(deactivateSchema, payload);
  const chat = requireChat(ac, input.id);
  requireWriteAccess(ac, chat);
  requireActiveThread(chat);
  requireChatUser(ac, chat, input.ignore_requester_presence);
  deactivateChat(ac.ctx, chat, { userId: ac.requester.id, origin: ac.origin });
  return {};
};

const tagSchema = z.strictObject({ chat_id: z.string(), thread_id: z.string(), tag: z.string().min(1) });

function tagAction(adding: boolean): ChatAction {
  return (ac, payload) => {
    const input = parsePayload(tagSchema, payload);
    const chat = requireChat(ac, input.chat_id);
    requireWriteAccess(ac, chat);
    const thread = requireThread(chat, input.thread_id);
    const organization = ac.ctx.state.organizations.get(chat.organizationId);
    // The docs point to the Configuration API's tag list ("case sensitive"); when the organization
    // has one, unknown tags are refused. Whether LiveChat refuses them is NOT DOCUMENTED.
    if (adding && organization?.tags && !organization.tags.includes(input.tag)) {
      throw new ApiError("not_found", `Tag \`${input.tag}\` not found`);
    }
    const has = thread.tags.includes(input.tag);
    if (adding === has) return {};
    thread.tags = adding ? [...thread.tags, input.tag] : thread.tags.filter((tag) => tag !== input.tag);
    const push = adding ? "thread_tagged" : "thread_untagged";
    ac.ctx.delivery.chatFull(chat, push, { chat_id: chat.id, thread_id: thread.id, tag: input.tag }, { origin: ac.origin });
    return {};
  };
}

export const tagThread = tagAction(true);
export const untagThread = tagAction(false);

const addUserSchema = z.strictObject({
  chat_id: z.string(),
  user_id: z.string(),
  user_type: z.enum(["agent", "customer"]),
  visibility: visibilityEnum,
  ignore_requester_presence: z.boolean().optional(),
});

export const addUserToChat: ChatAction = (ac, payload) => {
  const input = parsePayload(addUserSchema, payload);
  const chat = requireChat(ac, input.chat_id);
  const addingSelf = input.user_id === ac.requester.id && hasScope(ac.requester.scopes, "chats--all:rw");
  if (!addingSelf) requireWriteAccess(ac, chat);
  requireActiveThread(chat);
  requireChatUser(ac, chat, input.ignore_requester_presence);
  if (input.user_type === "customer") throw validationError("The chat already has its customer");
  const { state } = ac.ctx;
  const known = state.isBot(chat.organizationId, input.user_id) || state.agentByAgentId(chat.organizationId, input.user_id);
  if (!known) throw new ApiError("not_found", "Agent not found");
  if (chat.users.has(input.user_id)) throw validationError("The user is already a user of the chat");
  // livechat-api.md 3.6: added agents need access to the chat (their groups overlap the chat's).
  if (!addingSelf && !groupsOverlap(state.groupIdsOfUser(chat.organizationId, input.user_id), chat.accessGroupIds)) {
    throw new ApiError("missing_access", "The added agent has no access to the chat");
  }
  addAgent(ac.ctx, chat, input.user_id, {
    reason: "manual",
    requesterId: ac.requester.id,
    visibility: input.visibility,
    origin: ac.origin,
  });
  return {};
};

const removeUserSchema = z.strictObject({
  chat_id: z.string(),
  user_id: z.string(),
  user_type: z.enum(["agent", "customer"]),
  ignore_requester_presence: z.boolean().optional(),
});

export const removeUserFromChat: ChatAction = (ac: ActionContext, payload) => {
  const input = parsePayload(removeUserSchema, payload);
  const chat = requireChat(ac, input.chat_id);
  requireWriteAccess(ac, chat);
  requireActiveThread(chat);
  requireChatUser(ac, chat, input.ignore_requester_presence);
  if (input.user_type === "customer") throw validationError("The customer cannot be removed from the chat");
  if (chat.users.get(input.user_id)?.type !== "agent") throw validationError("The user is not a user of the chat");
  removeAgent(ac.ctx, chat, input.user_id, { reason: "manual", requesterId: ac.requester.id, origin: ac.origin });
  return {};
};
