// Push fan-out: the delivery rule of livechat-api.md 4.8.
//  - Chat users and followers of the current thread get every push of the chat ("full").
//  - Other agents whose groups overlap the chat's get only the key changes `chat_transferred` and
//    `chat_deactivated` ("key"). The docs do not enumerate key changes; this is the stricter
//    reading: in particular no `incoming_chat` for a new chat routed to someone else and no
//    `incoming_event`. Group-based delivery needs `chats--access:ro` at login (4.4 footnotes).
//  - A push carries `request_id` only on the connection whose request caused it (4.2).
//  - Chat and organization pushes are also offered, once each, to the webhooks (webhook-dispatch.ts).
import { groupsOverlap } from "./access";
import type { ConnectionHub, RtmPeer } from "./hub";
import { activeThread, lastThread, type Chat } from "./model";
import { hasScope } from "./scopes";
import type { EmulatorState } from "./state";

export interface Origin {
  connectionId: string;
  requestId?: string;
}

export interface AudienceOptions {
  origin?: Origin;
  /** Agents who must get this push although they are no longer users (e.g. the one just removed). */
  extraAgentIds?: readonly string[];
  /** Groups whose agents get a key change besides the chat's current groups (transfer source). */
  extraGroupIds?: readonly number[];
}

/** What happened, once per event whoever receives the push (the webhooks' view). */
export type ActionObserver = (observed: { organizationId: string; action: string; payload: Record<string, unknown>; chat?: Chat }) => void;

export class Delivery {
  constructor(
    private readonly state: EmulatorState,
    private readonly hub: ConnectionHub,
    private readonly observe: ActionObserver = () => undefined,
  ) {}

  /** Members and followers of the chat's current thread. */
  chatFull(chat: Chat, action: string, payload: Record<string, unknown>, options: AudienceOptions = {}): void {
    this.send(this.fullAudience(chat, options), action, payload, options.origin);
    this.observe({ organizationId: chat.organizationId, action, payload, chat });
  }

  /** Key changes: the full audience plus every agent with group access. */
  chatKey(chat: Chat, action: string, payload: Record<string, unknown>, options: AudienceOptions = {}): void {
    const audience = this.fullAudience(chat, options);
    const groups = [...chat.accessGroupIds, ...(options.extraGroupIds ?? [])];
    for (const peer of this.hub.sessions(chat.organizationId)) {
      const session = peer.session;
      if (!session || audience.has(peer)) continue;
      if (!hasScope(session.scopes, "chats--access:ro")) continue;
      const agentGroups = this.state.groupIdsOfUser(chat.organizationId, session.agentId);
      if (groupsOverlap(agentGroups, groups)) audience.add(peer);
    }
    this.send(audience, action, payload, options.origin);
    this.observe({ organizationId: chat.organizationId, action, payload, chat });
  }

  /** Every connection of one agent, optionally except the one that caused the push. */
  toAgent(organizationId: string, agentId: string, action: string, payload: unknown, origin?: Origin, exceptConnectionId?: string): void {
    const peers = this.hub.sessionsOfAgent(organizationId, agentId).filter((peer) => peer.id !== exceptConnectionId);
    this.send(new Set(peers), action, payload, origin);
  }

  /** Organization-wide configuration pushes (routing statuses, bots) for sessions holding `scope`. */
  organization(organizationId: string, scope: string, action: string, payload: Record<string, unknown>, origin?: Origin): void {
    const peers = this.hub.sessions(organizationId).filter((peer) => peer.session && hasScope(peer.session.scopes, scope));
    this.send(new Set(peers), action, payload, origin);
    this.observe({ organizationId, action, payload });
  }

  private fullAudience(chat: Chat, options: AudienceOptions): Set<RtmPeer> {
    const agentIds = new Set<string>(options.extraAgentIds ?? []);
    for (const user of chat.users.values()) if (user.type === "agent") agentIds.add(user.id);
    const thread = activeThread(chat) ?? lastThread(chat);
    for (const follower of thread?.followers ?? []) agentIds.add(follower);
    const audience = new Set<RtmPeer>();
    for (const peer of this.hub.sessions(chat.organizationId)) {
      if (peer.session && agentIds.has(peer.session.agentId)) audience.add(peer);
    }
    return audience;
  }

  private send(peers: Set<RtmPeer>, action: string, payload: unknown, origin?: Origin): void {
    for (const peer of peers) {
      peer.push(action, payload, origin && origin.connectionId === peer.id ? origin.requestId : undefined);
    }
  }
}
