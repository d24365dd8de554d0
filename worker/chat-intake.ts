// Intake: everything LiveChat tells the worker about chats arrives here as a ChatSignal (from an
// RTM push, a webhook delivery or a reconciliation listing) and leaves as "customer message M for
// bot B in chat C" handed to the reply pipeline. Per chat, work runs one task at a time, in order
// (ChatTracker's queue), so a push and a webhook about the same message meet in one place.
//
// livechat-api.md 4.8: the admin's connection gets a chat's events only while it is a member or
// follows the chat, and a follow ends with its thread. Chats learned of by webhook (or listing) are
// followed so a human joining and writing reaches us live; a chat's current thread is read when we
// may have missed part of it.
import type { ChatEvent, ChatSummary } from "../lib/livechat/rtm-schemas";
import type { Logger } from "../lib/log";
import type { AgentApi } from "./agent-api";
import { hasHumanAgent, isCustomerMessage, managedBotIds, messagesAfterLastHuman } from "./chat-decisions";
import type { ChatSignal, SignalSource } from "./chat-signal";
import { ChatTracker, type TrackedChat } from "./chat-tracker";
import type { ClaimStore } from "./claims";
import type { ManagedBot, OrgConfig } from "./org-config";
import type { MessageInput } from "./reply-pipeline";

export interface ChatIntakeDeps {
  epoch: number;
  api: AgentApi;
  claims: ClaimStore;
  log: Logger;
  config(): OrgConfig | null;
  /** False once the organization is stopping: queued work ends without acting. */
  isAccepting(): boolean;
  /** The reply pipeline. */
  answer(message: MessageInput): Promise<unknown>;
  onTaskError(error: unknown, chatId: string): void;
}

export class ChatIntake {
  private readonly tracker = new ChatTracker();

  constructor(private readonly deps: ChatIntakeDeps) {}

  get size(): number {
    return this.tracker.size;
  }

  /** Resolves once every queued chat task has finished. */
  idle(): Promise<void> {
    return this.tracker.idle();
  }

  accept(signal: ChatSignal, source: SignalSource): void {
    switch (signal.kind) {
      case "chat": {
        const { chat } = signal;
        if (!this.hasManagedBot(chat.users)) return;
        this.enqueue(chat.id, async () => {
          const tracked = this.tracker.updateFromChat(chat);
          const thread = chat.thread;
          if (!thread?.active) return;
          if (source === "webhook" && tracked.followedThreadId !== thread.id && (await this.follow(chat.id))) tracked.followedThreadId = thread.id;
          if (thread.events) await this.answerThread(tracked, thread.id, thread.events);
        });
        return;
      }
      case "event":
        this.onEvent(signal.chatId, signal.threadId, signal.event, source);
        return;
      case "user_added": {
        const { user } = signal;
        if (user.type === "agent" && this.isManagedBot(user.id)) this.catchUp(signal.chatId, { follow: true, force: false });
        // Through the queue: a read of the chat still in flight must not overwrite who joined since.
        else this.enqueue(signal.chatId, async () => void this.tracker.get(signal.chatId)?.users.set(user.id, user));
        return;
      }
      case "user_removed":
        this.enqueue(signal.chatId, async () => void this.tracker.get(signal.chatId)?.users.delete(signal.userId));
        return;
      case "transferred":
        // To one of our bots: follow and catch up. Away from a tracked chat: re-read its users.
        if (signal.toAgentIds.some((id) => this.isManagedBot(id))) this.catchUp(signal.chatId, { follow: true, force: false });
        else if (this.tracker.get(signal.chatId)) this.refresh(signal.chatId);
        return;
      case "deactivated":
        // The thread ended and our follow with it (4.8); a returning customer opens a new thread.
        this.tracker.forget(signal.chatId);
        return;
      case "unfollowed": {
        const tracked = this.tracker.get(signal.chatId);
        if (tracked && this.botsIn(tracked).length > 0) {
          tracked.followedThreadId = null;
          this.catchUp(tracked.id, { follow: true, force: true });
        }
        return;
      }
      case "access_updated": {
        const tracked = this.tracker.get(signal.chatId);
        if (tracked) tracked.groupId = signal.groupIds[0] ?? tracked.groupId;
        return;
      }
    }
  }

  /**
   * A listing of the active chats (reconciliation): follow and read the bot chats we do not follow
   * or whose thread is new to us; with `full` (after a connect, when pushes may have been lost,
   * 4.3) read every bot chat again. Chats no longer listed are forgotten, when the listing is complete.
   */
  reconcile(summaries: readonly ChatSummary[], full: boolean, options: { complete: boolean } = { complete: true }): void {
    const active = new Set<string>();
    for (const summary of summaries) {
      const thread = summary.last_thread_summary;
      if (!thread || thread.active === false || !this.hasManagedBot(summary.users)) continue;
      active.add(summary.id);
      const isNewThread = this.tracker.get(summary.id)?.threadId !== thread.id;
      this.tracker.updateFromSummary(summary);
      const needsFollow = summary.is_followed !== true;
      if (needsFollow || full || isNewThread) this.catchUp(summary.id, { follow: needsFollow, force: true });
    }
    if (!options.complete) return;
    for (const tracked of this.tracker.all()) if (!active.has(tracked.id)) this.tracker.forget(tracked.id);
  }

  private onEvent(chatId: string, threadId: string, event: ChatEvent, source: SignalSource): void {
    // 6.3: only `message` events carry what the rules read; system messages have no author.
    if (event.type !== "message") return;
    this.enqueue(chatId, async () => {
      let tracked = this.tracker.get(chatId);
      if (!tracked || tracked.threadId !== threadId || tracked.customerId === null) {
        // A chat we do not know (its `incoming_chat` was lost or comes later) or a new thread.
        const followed = source === "webhook" && (await this.follow(chatId));
        const chat = await this.deps.api.getChat(chatId);
        tracked = this.tracker.updateFromChat(chat);
        if (followed && chat.thread) tracked.followedThreadId = chat.thread.id;
      }
      this.tracker.noteEvent(chatId, threadId, event);
      if (!isCustomerMessage(event, tracked.customerId)) return; // bot, agent or system
      for (const bot of this.botsIn(tracked)) await this.answerOne(tracked, threadId, event, bot, "live");
    });
  }

  /** Follow (unless we already follow the current thread) and read the chat's current thread. */
  private catchUp(chatId: string, options: { follow: boolean; force: boolean }): void {
    this.enqueue(chatId, async () => {
      const known = this.tracker.get(chatId);
      // A webhook and a push about the same change: the first one followed and read the thread already.
      if (!options.force && known && known.threadActive && known.followedThreadId !== null && known.followedThreadId === known.threadId) return;
      if (options.follow) {
        await this.deps.api.follow(chatId);
        this.deps.log.debug("chat followed", { chatId });
      }
      const chat = await this.deps.api.getChat(chatId);
      const tracked = this.tracker.updateFromChat(chat);
      if (options.follow && chat.thread) tracked.followedThreadId = chat.thread.id;
      if (!chat.thread?.active || !chat.thread.events) return;
      await this.answerThread(tracked, chat.thread.id, chat.thread.events);
    });
  }

  /** Re-reads a chat's users (e.g. after a transfer away); forgets it when no bot of ours is left. */
  private refresh(chatId: string): void {
    this.enqueue(chatId, async () => {
      const chat = await this.deps.api.getChat(chatId);
      const tracked = this.tracker.updateFromChat(chat);
      if (this.botsIn(tracked).length === 0 || !chat.thread?.active) this.tracker.forget(chatId);
    });
  }

  /**
   * Follows a chat learned of by webhook; false when the follow failed. That costs only the live
   * pushes (webhooks still come), and the next signal or listing tries again.
   */
  private async follow(chatId: string): Promise<boolean> {
    try {
      await this.deps.api.follow(chatId);
      return true;
    } catch (error) {
      this.deps.log.warn("chat not followed", { chatId, error });
      return false;
    }
  }

  /** The customer messages of a thread we may not have answered yet. */
  private async answerThread(tracked: TrackedChat, threadId: string, events: readonly ChatEvent[]): Promise<void> {
    const messages = messagesAfterLastHuman(events, tracked.customerId, (id) => this.isManagedBot(id));
    if (messages.length === 0) return;
    for (const bot of this.botsIn(tracked)) {
      // One query tells which of these messages are handled already; only the rest are claimed.
      const existing = await this.deps.claims.existing(bot.id, messages.map((event) => event.id));
      for (const event of messages) {
        const claim = existing.get(event.id);
        if (claim && (claim.status !== "claimed" || claim.leaseEpoch >= this.deps.epoch)) {
          this.tracker.markSeen(tracked.id, `${bot.id}:${event.id}`);
          continue;
        }
        await this.answerOne(tracked, threadId, event, bot, "catch_up");
      }
    }
  }

  private async answerOne(tracked: TrackedChat, threadId: string, event: ChatEvent, bot: ManagedBot, source: "live" | "catch_up"): Promise<void> {
    const seenKey = `${bot.id}:${event.id}`;
    if (!this.tracker.markSeen(tracked.id, seenKey)) return;
    const customer = tracked.customerId ? tracked.users.get(tracked.customerId) : undefined;
    try {
      await this.deps.answer({
        chatId: tracked.id,
        threadId,
        event,
        bot,
        isFirstCustomerMessage: tracked.firstCustomerEventId === event.id,
        groupId: tracked.groupId,
        groupName: tracked.groupId !== undefined ? this.deps.config()?.groupNames.get(tracked.groupId) : undefined,
        customer: customer ? { ...(customer.name ? { name: customer.name } : {}), ...(customer.email ? { email: customer.email } : {}) } : undefined,
        humanTakeover: hasHumanAgent(tracked.users.values(), (id) => this.isManagedBot(id)),
        source,
        ruleStates: tracked.ruleStates,
      });
    } catch (error) {
      this.tracker.unmarkSeen(tracked.id, seenKey);
      throw error;
    }
  }

  private enqueue(chatId: string, task: () => Promise<void>): void {
    void this.tracker.enqueue(chatId, async () => {
      if (!this.deps.isAccepting()) return;
      try {
        await task();
      } catch (error) {
        this.deps.onTaskError(error, chatId);
      }
    });
  }

  private isManagedBot(userId: string): boolean {
    return this.deps.config()?.bots.has(userId) === true;
  }

  private hasManagedBot(users: readonly { id: string; type: string }[]): boolean {
    return managedBotIds(users, (id) => this.isManagedBot(id)).length > 0;
  }

  private botsIn(tracked: TrackedChat): ManagedBot[] {
    const config = this.deps.config();
    return managedBotIds(tracked.users.values(), (id) => this.isManagedBot(id)).flatMap((id) => {
      const bot = config?.bots.get(id);
      return bot ? [bot] : [];
    });
  }
}
