// Who caused what is happening right now, for the webhook filter `source_type` (`my_client`,
// `other_clients`, `system`) and the `requester` of configuration webhooks (livechat-api.md 7.1,
// 7.2). The emulator runs every action synchronously, so the API layers mark the span of one call
// and everything it causes is attributed to that call's token.
//  - An API call with an access token (or bot token): that token's client.
//  - The control API (customer page, a human in the LiveChat app): a LiveChat app, never one of the
//    seeded clients, so `other_clients`.
//  - The router (assigning queued chats, closing as "router"), timers and fault switches: `system`.
import type { Requester } from "./requester";

export type EventSource =
  | { kind: "client"; clientId: string; userId: string; accountId: string | null }
  | { kind: "livechat-app" }
  | { kind: "system" };

export const SYSTEM_SOURCE: EventSource = { kind: "system" };
export const LIVECHAT_APP_SOURCE: EventSource = { kind: "livechat-app" };

/** A source, or a function giving it when needed (the caller may be known only later). */
export type SourceRef = EventSource | (() => EventSource);

export class EventSources {
  private readonly stack: SourceRef[] = [];

  current(): EventSource {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return SYSTEM_SOURCE;
    return typeof top === "function" ? top() : top;
  }

  run<T>(source: SourceRef, action: () => T): T {
    this.stack.push(source);
    try {
      return action();
    } finally {
      this.stack.pop();
    }
  }
}

/** The source of whatever an API call with this requester's token causes. */
export function sourceOfRequester(requester: Requester | null): EventSource {
  if (!requester) return SYSTEM_SOURCE;
  return {
    kind: "client",
    clientId: requester.clientId,
    userId: requester.id,
    accountId: requester.kind === "agent" ? requester.agent.accountId : null,
  };
}
