// Configuration API bot actions (livechat-api.md 2.2–2.6).
import { z } from "zod";
import { ApiError, validationError } from "./api-error";
import { botFieldsSchema, botView, createBotSchema, updateBotSchema } from "./bot-schemas";
import { drainQueue, removeAgent } from "./chat-engine";
import type { EmulatorContext } from "./context";
import { newHexId } from "./ids";
import { activeThread, type Bot, type GroupMembership } from "./model";
import { requireAnyScope, type Requester } from "./requester";
import { parsePayload } from "./validate";

export type ConfigAction = (ctx: EmulatorContext, requester: Requester, payload: unknown) => unknown;

function checkGroups(ctx: EmulatorContext, organizationId: string, groups: GroupMembership[] | undefined): void {
  if (!groups) return;
  const organization = ctx.state.organizations.get(organizationId);
  const seen = new Set<number>();
  for (const group of groups) {
    if (seen.has(group.id)) throw validationError(`\`groups\` lists group ${group.id} twice`);
    seen.add(group.id);
    if (!organization?.groups.has(group.id)) throw new ApiError("group_not_found", `Group ${group.id} not found`);
  }
}

/** Own bots (of the token's client) need the `my` scope; other clients' bots need `all` (2.3, 2.4). */
function requireBotAccess(ctx: EmulatorContext, requester: Requester, id: string, permission: "ro" | "rw"): Bot {
  const bot = ctx.state.botInOrganization(requester.organizationId, id);
  if (!bot) throw new ApiError("not_found", "Bot not found");
  const own = bot.ownerClientId === requester.clientId;
  requireAnyScope(requester, own ? [`agents-bot--my:${permission}`, `agents-bot--all:${permission}`] : [`agents-bot--all:${permission}`]);
  return bot;
}

function resolveOwnerClient(ctx: EmulatorContext, requester: Requester, ownerClientId: string | undefined): string {
  // livechat-api.md 2.2: with a Bearer token the token's client owns the bot unless
  // `owner_client_id` overrides it; the override must name a known client.
  if (ownerClientId === undefined) return requester.clientId;
  if (!ctx.state.clients.has(ownerClientId)) throw validationError("`owner_client_id` is invalid");
  return ownerClientId;
}

export const createBot: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(createBotSchema, payload);
  requireAnyScope(requester, ["agents-bot--my:rw"]);
  checkGroups(ctx, requester.organizationId, input.groups);
  const bot: Bot = {
    id: newHexId(16),
    organizationId: requester.organizationId,
    ownerClientId: resolveOwnerClient(ctx, requester, input.owner_client_id),
    name: input.name,
    avatar: input.avatar ?? null,
    maxChatsCount: input.max_chats_count ?? 6,
    defaultGroupPriority: input.default_group_priority ?? "normal",
    jobTitle: input.job_title ?? null,
    groups: input.groups ?? [],
    type: input.type ?? "chatbot",
    workScheduler: input.work_scheduler ?? null,
    timezone: input.work_scheduler?.timezone ?? null,
    secret: newHexId(16),
    // New bots are `offline` until someone sets a routing status (stricter reading of 2.2, 3.3).
    routingStatus: "offline",
    createdAt: ctx.clock.timestamp(),
  };
  ctx.state.bots.set(bot.id, bot);
  ctx.delivery.organization(bot.organizationId, "agents-bot--all:ro", "bot_created", botView(bot, ["groups", "max_chats_count", "job_title"], true));
  return { id: bot.id, secret: bot.secret };
};

const listBotsSchema = z.strictObject({ all: z.boolean().optional(), fields: botFieldsSchema });

export const listBots: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(listBotsSchema, payload);
  requireAnyScope(requester, input.all ? ["agents-bot--all:ro"] : ["agents-bot--my:ro", "agents-bot--all:ro"]);
  return ctx.state
    .botsOf(requester.organizationId)
    .filter((bot) => input.all || bot.ownerClientId === requester.clientId)
    .map((bot) => botView(bot, input.fields ?? []));
};

const getBotSchema = z.strictObject({ id: z.string().min(1), fields: botFieldsSchema });

export const getBot: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(getBotSchema, payload);
  return botView(requireBotAccess(ctx, requester, input.id, "ro"), input.fields ?? [], true);
};

export const updateBot: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(updateBotSchema, payload);
  const bot = requireBotAccess(ctx, requester, input.id, "rw");
  checkGroups(ctx, requester.organizationId, input.groups);
  if (input.name !== undefined) bot.name = input.name;
  if (input.avatar !== undefined) bot.avatar = input.avatar;
  if (input.max_chats_count !== undefined) bot.maxChatsCount = input.max_chats_count;
  if (input.default_group_priority !== undefined) bot.defaultGroupPriority = input.default_group_priority;
  if (input.job_title !== undefined) bot.jobTitle = input.job_title;
  // livechat-api.md 2.4: replace or merge is NOT DOCUMENTED; `groups` replaces the list.
  if (input.groups !== undefined) bot.groups = input.groups;
  if (input.type !== undefined) bot.type = input.type;
  if (input.work_scheduler !== undefined) {
    bot.workScheduler = input.work_scheduler;
    bot.timezone = input.work_scheduler.timezone;
  }
  const { id: _id, ...changed } = input;
  ctx.delivery.organization(bot.organizationId, "agents-bot--all:ro", "bot_updated", { id: bot.id, ...changed });
  return {};
};

const idSchema = z.strictObject({ id: z.string().min(1) });

export const deleteBot: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(idSchema, payload);
  const bot = requireBotAccess(ctx, requester, input.id, "rw");
  for (const chat of ctx.state.chatsOf(bot.organizationId)) {
    if (!chat.users.has(bot.id)) continue;
    removeAgent(ctx, chat, bot.id, { reason: "other" });
    const thread = activeThread(chat);
    const hasAgent = [...chat.users.values()].some((user) => user.type === "agent");
    // A chat left without any agent waits in the queue for the next available one.
    if (thread && !hasAgent) thread.queue = { queuedAtMs: ctx.clock.now(), queuedAt: ctx.clock.timestamp() };
  }
  ctx.state.bots.delete(bot.id);
  ctx.delivery.organization(bot.organizationId, "agents-bot--all:ro", "bot_deleted", { id: bot.id });
  drainQueue(ctx, bot.organizationId);
  return {};
};

const resetSchema = z.strictObject({ id: z.string().min(1), owner_client_id: z.string().min(1).optional() });

export const resetBotSecret: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(resetSchema, payload);
  requireAnyScope(requester, ["agents-bot--my:rw"]);
  const bot = ctx.state.botInOrganization(requester.organizationId, input.id);
  if (!bot) throw new ApiError("not_found", "Bot not found");
  if (bot.ownerClientId !== resolveOwnerClient(ctx, requester, input.owner_client_id)) {
    throw new ApiError("authorization", "The bot belongs to another client");
  }
  // Bot tokens already issued stay valid until they expire (2.6: they cannot be revoked).
  bot.secret = newHexId(16);
  return { secret: bot.secret };
};

const issueSchema = z.strictObject({
  bot_id: z.string().min(1),
  client_id: z.string().min(1),
  bot_secret: z.string().min(1),
  organization_id: z.string().min(1),
});

/**
 * livechat-api.md 2.6. Whether an `Authorization` header is needed is NOT DOCUMENTED; stricter: a
 * valid token of the same organization is required (checked by the caller). `client_id` must be
 * the bot's owner client and `bot_secret` its current secret.
 */
export const issueBotToken: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(issueSchema, payload);
  if (input.organization_id !== requester.organizationId) {
    throw new ApiError("authorization", "`organization_id` does not match the token's organization");
  }
  const bot = ctx.state.botInOrganization(requester.organizationId, input.bot_id);
  if (!bot) throw new ApiError("not_found", "Bot not found");
  if (input.client_id !== bot.ownerClientId) throw new ApiError("authorization", "`client_id` does not own the bot");
  if (input.bot_secret !== bot.secret) throw new ApiError("authorization", "Invalid bot secret");
  return { token: ctx.tokens.issueBotToken(bot, input.client_id).token };
};
