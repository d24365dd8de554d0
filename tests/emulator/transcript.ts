// Read models of the control API: a chat's transcript (what the customer page shows) and a full
// snapshot of a chat for tests.
import { threadView } from "./chat-views";
import type { EmulatorContext } from "./context";
import { activeThread, type Chat } from "./model";
import { requireControlChat } from "./customer-chat";

export interface TranscriptEvent {
  id: string;
  threadId: string;
  type: string;
  createdAt: string;
  authorId: string | null;
  authorType: "customer" | "agent" | "bot" | "system";
  authorName: string;
  text: string | null;
  visibility: "all" | "agents";
  customId: string | null;
}

export interface Transcript {
  chatId: string;
  organizationId: string;
  active: boolean;
  queued: boolean;
  /** Agents and bots in the chat right now. */
  agents: { id: string; name: string; kind: "agent" | "bot" }[];
  events: TranscriptEvent[];
}

function authorType(ctx: EmulatorContext, chat: Chat, authorId: string | undefined): TranscriptEvent["authorType"] {
  if (!authorId) return "system";
  if (authorId === chat.customerId) return "customer";
  return ctx.state.isBot(chat.organizationId, authorId) ? "bot" : "agent";
}

function textOf(event: Record<string, unknown>): string | null {
  if (typeof event.text === "string") return event.text;
  if (event.type === "rich_message" && Array.isArray(event.elements)) {
    return event.elements
      .map((element: { title?: string; buttons?: { text?: string }[] }) =>
        [element.title, ...(element.buttons ?? []).map((button) => `[${button.text ?? ""}]`)].filter(Boolean).join(" "),
      )
      .join("\n");
  }
  return null;
}

export function getTranscript(ctx: EmulatorContext, chatId: string): Transcript {
  const chat = requireControlChat(ctx, chatId);
  const thread = activeThread(chat);
  return {
    chatId: chat.id,
    organizationId: chat.organizationId,
    active: thread !== undefined,
    queued: thread?.queue != null,
    agents: [...chat.users.values()]
      .filter((user) => user.type === "agent")
      .map((user) => ({
        id: user.id,
        name: ctx.state.displayName(chat.organizationId, user.id),
        kind: ctx.state.isBot(chat.organizationId, user.id) ? ("bot" as const) : ("agent" as const),
      })),
    events: chat.threads.flatMap((candidate) =>
      candidate.events.map((event) => ({
        id: event.id,
        threadId: candidate.id,
        type: event.type,
        createdAt: event.created_at,
        authorId: event.author_id ?? null,
        authorType: authorType(ctx, chat, event.author_id),
        authorName: event.author_id ? ctx.state.displayName(chat.organizationId, event.author_id) : "System",
        text: textOf(event),
        visibility: event.visibility,
        customId: event.custom_id ?? null,
      })),
    ),
  };
}

export interface ChatSnapshot {
  id: string;
  organizationId: string;
  customerId: string;
  accessGroupIds: number[];
  users: { id: string; type: "agent" | "customer"; kind: "customer" | "agent" | "bot"; visibility: string; present: boolean }[];
  /** Wire-format threads (as `list_threads` returns them) plus each thread's followers. */
  threads: (Record<string, unknown> & { followers: string[] })[];
}

export function getChatSnapshot(ctx: EmulatorContext, chatId: string): ChatSnapshot {
  const chat = requireControlChat(ctx, chatId);
  const now = ctx.clock.now();
  return {
    id: chat.id,
    organizationId: chat.organizationId,
    customerId: chat.customerId,
    accessGroupIds: [...chat.accessGroupIds],
    users: [...chat.users.values()].map((user) => ({
      id: user.id,
      type: user.type,
      kind: user.type === "customer" ? "customer" : ctx.state.isBot(chat.organizationId, user.id) ? "bot" : "agent",
      visibility: user.visibility,
      present: user.present,
    })),
    threads: chat.threads.map((thread) => ({ ...threadView(ctx.state, chat, thread, now), followers: [...thread.followers] })),
  };
}
