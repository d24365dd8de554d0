// Configuration API v3.6 (livechat-api.md 2): a plain typed client, one function per action.
// Every function takes the API host and the caller's token; errors are LiveChatError.
import { z } from "zod";
import { configurationActionUrl, postJson, readAnswer, type LiveChatApiContext } from "./http";

export type GroupPriority = "first" | "normal" | "last" | "supervisor";

const BotGroupSchema = z.looseObject({ id: z.number().int(), priority: z.string() });

/** A bot as `list_bots` / `get_bot` return it (livechat-api.md 2.3); responses say `avatar_path`. */
export const LiveChatBotSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  avatar_path: z.string().nullish(),
  default_group_priority: z.string().optional(),
  owner_client_id: z.string().optional(),
  max_chats_count: z.number().int().optional(),
  groups: z.array(BotGroupSchema).optional(),
  job_title: z.string().optional(),
  timezone: z.string().nullish(),
  work_scheduler: z.unknown().optional(),
});
export type LiveChatBot = z.infer<typeof LiveChatBotSchema>;

export type BotField = "groups" | "work_scheduler" | "job_title" | "max_chats_count" | "timezone";

async function call<T>(ctx: LiveChatApiContext, action: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  const answer = await postJson<unknown>(configurationActionUrl(ctx.apiUrl, action), action, body, ctx);
  return readAnswer(schema, answer, action);
}

// ── Bots ─────────────────────────────────────────────────────────────────────────────────────

export interface IssueBotTokenParams {
  botId: string;
  /** The Client Id that owns the bot (`owner_client_id`, livechat-api.md 2.6). */
  clientId: string;
  botSecret: string;
  /** LiveChat organization id (from the OAuth token response). */
  organizationId: string;
}

/**
 * livechat-api.md 2.6: a token to call the Agent Web API as the bot. Valid 24 h, cannot be
 * revoked, and the answer carries no expiry: the caller tracks the lifetime itself.
 */
export async function issueBotToken(ctx: LiveChatApiContext, params: IssueBotTokenParams): Promise<{ token: string }> {
  return call(
    ctx,
    "issue_bot_token",
    {
      bot_id: params.botId,
      client_id: params.clientId,
      bot_secret: params.botSecret,
      organization_id: params.organizationId,
    },
    z.looseObject({ token: z.string().min(1) }),
  );
}

/** livechat-api.md 2.3: `all: false` (default) lists only the requester's (its app's) bots. */
export async function listBots(ctx: LiveChatApiContext, params: { all?: boolean; fields?: BotField[] } = {}): Promise<LiveChatBot[]> {
  return call(ctx, "list_bots", { ...(params.all !== undefined ? { all: params.all } : {}), ...(params.fields ? { fields: params.fields } : {}) }, z.array(LiveChatBotSchema));
}

export async function getBot(ctx: LiveChatApiContext, params: { id: string; fields?: BotField[] }): Promise<LiveChatBot> {
  return call(ctx, "get_bot", { id: params.id, ...(params.fields ? { fields: params.fields } : {}) }, LiveChatBotSchema);
}

/** The bot settings `create_bot` / `update_bot` take (livechat-api.md 2.2, 2.4); requests say `avatar`. */
export interface BotSettings {
  name: string;
  avatar?: string;
  jobTitle?: string;
  maxChatsCount?: number;
  defaultGroupPriority?: GroupPriority;
  groups?: Array<{ id: number; priority: GroupPriority }>;
  workScheduler?: { timezone: string; schedule: Array<{ day: string; enabled: boolean; start: string; end: string }> } | null;
}

function botSettingsBody(settings: BotSettings): Record<string, unknown> {
  return {
    name: settings.name,
    ...(settings.avatar !== undefined ? { avatar: settings.avatar } : {}),
    ...(settings.jobTitle !== undefined ? { job_title: settings.jobTitle } : {}),
    ...(settings.maxChatsCount !== undefined ? { max_chats_count: settings.maxChatsCount } : {}),
    ...(settings.defaultGroupPriority !== undefined ? { default_group_priority: settings.defaultGroupPriority } : {}),
    // livechat-api.md 2.4: whether `groups` replaces or merges is not documented; always send the full list.
    ...(settings.groups !== undefined ? { groups: settings.groups } : {}),
    ...(settings.workScheduler ? { work_scheduler: settings.workScheduler } : {}),
  };
}

/**
 * livechat-api.md 2.2: returns the bot's id and its secret. No other call returns the secret, so
 * the caller must store it (sealed) at once. `owner_client_id` makes our app the bot's owner.
 */
export async function createBot(
  ctx: LiveChatApiContext,
  params: BotSettings & { ownerClientId: string },
): Promise<{ id: string; secret: string }> {
  return call(
    ctx,
    "create_bot",
    { ...botSettingsBody(params), owner_client_id: params.ownerClientId },
    z.looseObject({ id: z.string().min(1), secret: z.string().min(1) }),
  );
}

/** livechat-api.md 2.4: `200 OK`, no payload. */
export async function updateBot(ctx: LiveChatApiContext, params: BotSettings & { id: string }): Promise<void> {
  await call(ctx, "update_bot", { id: params.id, ...botSettingsBody(params) }, z.unknown());
}

export async function deleteBot(ctx: LiveChatApiContext, params: { id: string }): Promise<void> {
  await call(ctx, "delete_bot", { id: params.id }, z.unknown());
}

/** livechat-api.md 2.5: a new secret; the old one can no longer issue bot tokens. */
export async function resetBotSecret(
  ctx: LiveChatApiContext,
  params: { id: string; ownerClientId?: string },
): Promise<{ secret: string }> {
  return call(
    ctx,
    "reset_bot_secret",
    { id: params.id, ...(params.ownerClientId ? { owner_client_id: params.ownerClientId } : {}) },
    z.looseObject({ secret: z.string().min(1) }),
  );
}

// ── Groups ───────────────────────────────────────────────────────────────────────────────────

export const LiveChatGroupSchema = z.looseObject({ id: z.number().int(), name: z.string(), language_code: z.string().optional() });
export type LiveChatGroup = z.infer<typeof LiveChatGroupSchema>;

/** livechat-api.md 2.7 (scope `groups--all:ro`). */
export async function listGroups(ctx: LiveChatApiContext): Promise<LiveChatGroup[]> {
  return call(ctx, "list_groups", {}, z.array(LiveChatGroupSchema));
}

// ── Webhooks ─────────────────────────────────────────────────────────────────────────────────

/** livechat-api.md 7.1: the filters Botdesk uses (chat and event actions); others pass through untyped. */
export interface WebhookFilters {
  author_type?: "customer" | "agent";
  only_my_chats?: boolean;
  chat_presence?: { my_bots?: boolean; user_ids?: { values?: string[]; exclude_values?: string[] } };
  source_type?: Array<"my_client" | "other_clients" | "system">;
}

export type WebhookAdditionalData = "chat_properties" | "chat_presence_user_ids";

export interface RegisterWebhookParams {
  action: string;
  /** Echoed in every delivery; the only way to tell LiveChat's deliveries from forgeries (7.2). */
  secretKey: string;
  /** At most 500 characters (7.1). */
  url: string;
  /** Our Client Id; it must belong to the requester's organization (7.1). */
  ownerClientId: string;
  type: "bot" | "license";
  description?: string;
  filters?: WebhookFilters;
  additionalData?: WebhookAdditionalData[];
}

/**
 * A registration as `list_webhooks` returns it (livechat-api.md 7.1). The docs list no
 * `additional_data` (nor the secret) in the answer: both are optional here.
 */
export const LiveChatWebhookSchema = z.looseObject({
  id: z.string().min(1),
  url: z.string(),
  action: z.string(),
  type: z.string().optional(),
  description: z.string().nullish(),
  owner_client_id: z.string().optional(),
  filters: z.record(z.string(), z.unknown()).nullish(),
  additional_data: z.array(z.string()).nullish(),
});
export type LiveChatWebhook = z.infer<typeof LiveChatWebhookSchema>;

/** livechat-api.md 7.1 (scope `webhooks.configuration:rw`): answers the new webhook's id. */
export async function registerWebhook(ctx: LiveChatApiContext, params: RegisterWebhookParams): Promise<{ id: string }> {
  return call(
    ctx,
    "register_webhook",
    {
      action: params.action,
      secret_key: params.secretKey,
      url: params.url,
      owner_client_id: params.ownerClientId,
      type: params.type,
      ...(params.description !== undefined ? { description: params.description } : {}),
      ...(params.filters !== undefined ? { filters: params.filters } : {}),
      ...(params.additionalData !== undefined ? { additional_data: params.additionalData } : {}),
    },
    z.looseObject({ id: z.string().min(1) }),
  );
}

/** livechat-api.md 7.1: every webhook registered for the Client Id, whoever registered it. */
export async function listWebhooks(ctx: LiveChatApiContext, params: { ownerClientId: string }): Promise<LiveChatWebhook[]> {
  return call(ctx, "list_webhooks", { owner_client_id: params.ownerClientId }, z.array(LiveChatWebhookSchema));
}

/** livechat-api.md 7.1: `200 OK`, no payload. */
export async function unregisterWebhook(ctx: LiveChatApiContext, params: { id: string; ownerClientId: string }): Promise<void> {
  await call(ctx, "unregister_webhook", { id: params.id, owner_client_id: params.ownerClientId }, z.unknown());
}
