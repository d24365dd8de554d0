// What one organization's worker knows about the chats its bots are in: current users, the
// current thread and whether we follow it (livechat-api.md 4.8: a follow ends with its thread),
// plus a per-chat queue so the messages of one chat are handled one after another, in order.
import type { Chat, ChatEvent, ChatSummary, ChatUser } from "../lib/livechat/rtm-schemas";
import type { ChatRuleState } from "../lib/rules";

export interface TrackedChat {
  id: string;
  threadId: string | null;
  threadActive: boolean;
  users: Map<string, ChatUser>;
  customerId: string | null;
  groupId: number | undefined;
  /** The thread our follow covers; null when not followed (or not known to be). */
  followedThreadId: string | null;
  /** Id of the current thread's first customer message, once known. */
  firstCustomerEventId: string | null;
  /** Ids handled in this process, so a push and a catch-up read of one event cost one DB claim. */
  seen: Set<string>;
  /** Events of the current thread we read last (for catch-up and reply reconciliation). */
  events: ChatEvent[];
  /** Rule state per bot (reply-pipeline.ts), loaded once from the database. */
  ruleStates: Map<string, ChatRuleState>;
  queue: Promise<void>;
}

const MAX_SEEN = 500;

function isCustomerMessage(event: ChatEvent, customerId: string | null): boolean {
  return event.type === "message" && customerId !== null && event.author_id === customerId;
}

export class ChatTracker {
  private readonly chats = new Map<string, TrackedChat>();

  get(chatId: string): TrackedChat | undefined {
    return this.chats.get(chatId);
  }

  all(): TrackedChat[] {
    return [...this.chats.values()];
  }

  get size(): number {
    return this.chats.size;
  }

  forget(chatId: string): void {
    this.chats.delete(chatId);
  }

  /** From a full chat (`get_chat`, `incoming_chat`): users, thread and its events. */
  updateFromChat(chat: Chat): TrackedChat {
    const tracked = this.ensure(chat.id);
    tracked.users = new Map(chat.users.map((user) => [user.id, user]));
    tracked.customerId = chat.users.find((user) => user.type === "customer")?.id ?? tracked.customerId;
    tracked.groupId = chat.access?.group_ids[0] ?? chat.thread?.access?.group_ids[0] ?? tracked.groupId;
    if (chat.is_followed === false) tracked.followedThreadId = null;
    const thread = chat.thread;
    if (thread) {
      if (tracked.threadId !== thread.id) tracked.firstCustomerEventId = null;
      tracked.threadId = thread.id;
      tracked.threadActive = thread.active;
      if (chat.is_followed === true) tracked.followedThreadId = thread.id;
      if (thread.events) {
        tracked.events = thread.events;
        const first = thread.events.find((event) => isCustomerMessage(event, tracked.customerId));
        tracked.firstCustomerEventId = first?.id ?? null;
      }
    }
    return tracked;
  }

  /** From a `list_chats` summary: users and the latest thread's id and state. */
  updateFromSummary(summary: ChatSummary): TrackedChat {
    const tracked = this.ensure(summary.id);
    tracked.users = new Map(summary.users.map((user) => [user.id, user]));
    tracked.customerId = summary.users.find((user) => user.type === "customer")?.id ?? tracked.customerId;
    tracked.groupId = summary.access?.group_ids[0] ?? tracked.groupId;
    const thread = summary.last_thread_summary;
    if (thread) {
      if (tracked.threadId !== thread.id) {
        tracked.firstCustomerEventId = null;
        tracked.events = [];
      }
      tracked.threadId = thread.id;
      tracked.threadActive = thread.active ?? tracked.threadActive;
    }
    if (summary.is_followed === false) tracked.followedThreadId = null;
    else if (summary.is_followed === true && thread) tracked.followedThreadId = thread.id;
    return tracked;
  }

  /** A live event: whether it is the thread's first customer message (rule condition "first message"). */
  noteEvent(chatId: string, threadId: string, event: ChatEvent): { isFirstCustomerMessage: boolean } {
    const tracked = this.ensure(chatId);
    if (tracked.threadId !== threadId) {
      tracked.threadId = threadId;
      tracked.threadActive = true;
      tracked.firstCustomerEventId = null;
      tracked.events = [];
    }
    if (!tracked.events.some((known) => known.id === event.id)) tracked.events.push(event);
    if (tracked.events.length > 200) tracked.events.splice(0, tracked.events.length - 200);
    if (isCustomerMessage(event, tracked.customerId) && tracked.firstCustomerEventId === null) tracked.firstCustomerEventId = event.id;
    return { isFirstCustomerMessage: tracked.firstCustomerEventId === event.id };
  }

  /** Marks an event handled here; false if it was already. */
  markSeen(chatId: string, eventKey: string): boolean {
    const tracked = this.ensure(chatId);
    if (tracked.seen.has(eventKey)) return false;
    tracked.seen.add(eventKey);
    if (tracked.seen.size > MAX_SEEN) {
      const oldest = tracked.seen.values().next().value;
      if (oldest !== undefined) tracked.seen.delete(oldest);
    }
    return true;
  }

  unmarkSeen(chatId: string, eventKey: string): void {
    this.chats.get(chatId)?.seen.delete(eventKey);
  }

  /** Runs `task` after every earlier task of the same chat; errors stay inside the task. */
  enqueue(chatId: string, task: () => Promise<void>): Promise<void> {
    const tracked = this.ensure(chatId);
    const next = tracked.queue.then(task, task);
    tracked.queue = next.catch(() => undefined);
    return tracked.queue;
  }

  /** Resolves once every queued task has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.chats.values()].map((chat) => chat.queue));
  }

  private ensure(chatId: string): TrackedChat {
    let tracked = this.chats.get(chatId);
    if (!tracked) {
      tracked = {
        id: chatId,
        threadId: null,
        threadActive: false,
        users: new Map(),
        customerId: null,
        groupId: undefined,
        followedThreadId: null,
        firstCustomerEventId: null,
        seen: new Set(),
        events: [],
        ruleStates: new Map(),
        queue: Promise.resolve(),
      };
      this.chats.set(chatId, tracked);
    }
    return tracked;
  }
}
