// The worker's decisions about one chat, as pure functions: which customer messages are the bot's
// to answer, whether a human has taken over, whether a late message is still worth an answer.
// Everything here is a function of what LiveChat told us; nothing calls out.
import type { ChatEvent, ChatUser } from "../lib/livechat/rtm-schemas";

export type IsManagedBot = (userId: string) => boolean;

/** livechat-api.md 6.1, 6.3: a customer's `message` event (system messages have no author). */
export function isCustomerMessage(event: ChatEvent, customerId: string | null): boolean {
  return event.type === "message" && customerId !== null && event.author_id !== undefined && event.author_id === customerId;
}

/**
 * The customer messages of a thread the bot may answer: those after the last message of a human
 * agent. What the customer wrote to a person (before the chat came to a bot, e.g. by transfer) is
 * not the bot's to answer.
 */
export function messagesAfterLastHuman(events: readonly ChatEvent[], customerId: string | null, isManagedBot: IsManagedBot): ChatEvent[] {
  let start = 0;
  events.forEach((event, index) => {
    const author = event.author_id;
    if (event.type === "message" && author !== undefined && author !== customerId && !isManagedBot(author)) start = index + 1;
  });
  return events.slice(start).filter((event) => isCustomerMessage(event, customerId));
}

/** A human agent is in the chat: the bot keeps quiet (a transfer away removes the bot instead). */
export function hasHumanAgent(users: Iterable<Pick<ChatUser, "id" | "type">>, isManagedBot: IsManagedBot): boolean {
  for (const user of users) if (user.type === "agent" && !isManagedBot(user.id)) return true;
  return false;
}

/** The managed bots among a chat's users, in the order LiveChat lists them. */
export function managedBotIds(users: Iterable<Pick<ChatUser, "id" | "type">>, isManagedBot: IsManagedBot): string[] {
  const ids: string[] = [];
  for (const user of users) if (user.type === "agent" && isManagedBot(user.id)) ids.push(user.id);
  return ids;
}

/** A message found late (catch-up) older than the window is recorded as missed, not answered. */
export function isTooLateToAnswer(event: Pick<ChatEvent, "created_at">, nowMs: number, windowMs: number): boolean {
  const createdAt = Date.parse(event.created_at);
  return Number.isFinite(createdAt) && nowMs - createdAt > windowMs;
}
