// The emulator's in-memory data model. Wire formats (snake_case) are produced by the view
// modules; these types are the internal shape.
export type Role = "owner" | "viceowner" | "administrator" | "normal";
export type Priority = "first" | "normal" | "last" | "supervisor";
export type RoutingStatus = "accepting_chats" | "not_accepting_chats" | "offline";
export type Visibility = "all" | "agents";

export interface GroupMembership {
  id: number;
  priority: Priority;
}

export interface Group {
  id: number;
  name: string;
  languageCode: string;
}

export interface Organization {
  id: string;
  name: string;
  licenseId: number;
  region: string;
  createdAt: string;
  groups: Map<number, Group>;
  /** null: any tag is accepted by `tag_thread`; a list: only these (see chat-write-actions.ts). */
  tags: string[] | null;
}

/** A human: a Global Accounts account that is an agent of exactly one organization here. */
export interface Agent {
  accountId: string;
  organizationId: string;
  /** LiveChat agent id; the docs' examples use the e-mail (livechat-api.md 1.10). */
  id: string;
  name: string;
  email: string;
  role: Role;
  groups: GroupMembership[];
  maxChatsCount: number;
  jobTitle: string;
  avatar: string | null;
  routingStatus: RoutingStatus;
  createdAt: string;
}

export interface Client {
  clientId: string;
  /**
   * The organization that owns the app (the developer's organization); `register_webhook` needs
   * `owner_client_id` to belong to the requester's organization (livechat-api.md 7.1). null: owned
   * by no organization of this emulator.
   */
  organizationId: string | null;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  scopes: string[];
}

export interface Bot {
  id: string;
  organizationId: string;
  ownerClientId: string;
  name: string;
  avatar: string | null;
  maxChatsCount: number;
  defaultGroupPriority: Priority;
  jobTitle: string | null;
  groups: GroupMembership[];
  type: string;
  workScheduler: unknown;
  timezone: string | null;
  secret: string;
  routingStatus: RoutingStatus;
  createdAt: string;
}

export interface Customer {
  id: string;
  organizationId: string;
  name: string;
  email: string | null;
  createdAt: string;
}

export interface ChatUser {
  id: string;
  type: "agent" | "customer";
  visibility: Visibility;
  present: boolean;
  eventsSeenUpTo: string | null;
}

/** Stored in wire format: what `get_chat` and `incoming_event` return. */
export interface ChatEvent {
  id: string;
  type: string;
  created_at: string;
  visibility: Visibility;
  author_id?: string;
  custom_id?: string;
  [field: string]: unknown;
}

export interface Thread {
  id: string;
  chatId: string;
  active: boolean;
  createdAt: string;
  createdAtMs: number;
  /** Every user who took part in this thread (customer and agents), in order of joining. */
  userIds: string[];
  events: ChatEvent[];
  accessGroupIds: number[];
  tags: string[];
  queue: { queuedAtMs: number; queuedAt: string } | null;
  /** Agent ids following this thread; a follow never carries over to a new thread (livechat-api.md 4.8). */
  followers: Set<string>;
  previousThreadId: string | null;
  nextThreadId: string | null;
  nextEventSeq: number;
}

export interface Chat {
  id: string;
  organizationId: string;
  customerId: string;
  /** Current users: the customer plus the agents and bots in the chat right now. */
  users: Map<string, ChatUser>;
  threads: Thread[];
  accessGroupIds: number[];
  properties: Record<string, Record<string, unknown>>;
}

export interface AccessToken {
  token: string;
  accountId: string;
  organizationId: string;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  /** The refresh token issued or used alongside; revoking one revokes both (livechat-api.md 1.8). */
  refreshToken: string | null;
}

export interface RefreshToken {
  token: string;
  accountId: string;
  organizationId: string;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
}

export interface BotToken {
  token: string;
  botId: string;
  organizationId: string;
  clientId: string;
  expiresAtMs: number;
}

export interface AuthCode {
  code: string;
  clientId: string;
  accountId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: "plain" | "S256";
  expiresAtMs: number;
}

export function activeThread(chat: Chat): Thread | undefined {
  const last = chat.threads[chat.threads.length - 1];
  return last?.active ? last : undefined;
}

export function lastThread(chat: Chat): Thread | undefined {
  return chat.threads[chat.threads.length - 1];
}
