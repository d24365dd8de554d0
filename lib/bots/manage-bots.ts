// Bot management: every change goes to LiveChat first, with the signed-in user's token (LiveChat's
// own permissions apply), and is then stored. A create or an edit that LiveChat accepted but our
// database refused is undone in LiveChat (the bot deleted, the old values sent back), so nothing is
// left half-applied.
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import type { LiveChatApiContext } from "../livechat/http";
import { LiveChatError } from "../livechat/errors";
import * as configurationApi from "../livechat/configuration-api";
import { listRoutingStatuses, setRoutingStatus } from "../livechat/agent-web-api";
import { recordAudit } from "../data/audit-log";
import {
  createBotRecord,
  deleteBotRecord,
  findBotByLivechatId,
  getBotById,
  listBotsByOrgId,
  replaceBotSecret,
  setDesiredRoutingStatus,
  updateBotRecord,
} from "../data/bots";
import { notifyConfigChanged } from "../data/config-version";
import { invalidateLiveChatReads, liveChatReads } from "../livechat-cache/livechat-reads";
import { WorkSchedulerSchema, type BotInput, type BotPatch, type BotRoutingStatus } from "../validation/bot";
import { storableFromLiveChat } from "../validation/text";
import { applyBotPatch, storedBotInput, toLiveChatSettings } from "./bot-input";
import { mergeBotViews, storedBotView, type BotView } from "./bot-view";
import { withBotField } from "./livechat-fields";

export interface BotServiceContext {
  db: Db;
  orgId: string;
  actorUserId: string | null;
  /** The API host and the signed-in user's access token. */
  api: LiveChatApiContext;
  /** Our app's Client Id: bots we create are owned by it (livechat-api.md 2.2). */
  clientId: string;
  keyring: readonly EncryptionKey[];
  /** Whether the organization's worker connection is up (for "served by the worker"). */
  isConnectionReady?: boolean;
}

const BOT_FIELDS: configurationApi.BotField[] = ["groups", "job_title", "max_chats_count", "work_scheduler"];

export interface BotsOverview {
  bots: BotView[];
  /** What LiveChat said when the live view could not be read; stored bots are still listed. */
  liveChatError: { type: string; message: string } | null;
}

export async function listBots(ctx: BotServiceContext): Promise<BotsOverview> {
  const stored = await listBotsByOrgId(ctx.db, { orgId: ctx.orgId });
  try {
    // livechat-api.md 10.1: both reads are billed; kept 30 s per organization and authorization.
    const reads = liveChatReads(ctx);
    const [live, statuses] = await Promise.all([reads.listBots({ all: true, fields: BOT_FIELDS }), reads.listRoutingStatuses({})]);
    const statusById = new Map(statuses.map((entry) => [entry.agentId, entry.status]));
    return {
      bots: mergeBotViews({ stored, liveChat: live, statuses: statusById, isConnectionReady: ctx.isConnectionReady ?? false }),
      liveChatError: null,
    };
  } catch (error) {
    if (!(error instanceof LiveChatError)) throw error;
    return {
      bots: mergeBotViews({ stored, liveChat: null, statuses: new Map(), isConnectionReady: ctx.isConnectionReady ?? false }),
      liveChatError: { type: error.type, message: error.message },
    };
  }
}

/** One managed bot, as LiveChat and Botdesk have it now. */
export async function getBot(ctx: BotServiceContext, botId: string): Promise<{ bot: BotView; liveChatError: BotsOverview["liveChatError"] }> {
  const stored = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const isConnectionReady = ctx.isConnectionReady ?? false;
  try {
    const [live, statuses] = await Promise.all([
      configurationApi.getBot(ctx.api, { id: stored.livechatBotId, fields: BOT_FIELDS }).catch((error: unknown) => {
        // Deleted outside Botdesk: shown as missing in LiveChat, not as an error.
        if (error instanceof LiveChatError && error.type === "not_found") return null;
        throw error;
      }),
      listRoutingStatuses(ctx.api, {}),
    ]);
    const statusById = new Map(statuses.map((entry) => [entry.agentId, entry.status]));
    const [bot] = mergeBotViews({ stored: [stored], liveChat: live ? [live] : [], statuses: statusById, isConnectionReady });
    return { bot: bot!, liveChatError: null };
  } catch (error) {
    if (!(error instanceof LiveChatError)) throw error;
    return { bot: storedBotView(stored, isConnectionReady), liveChatError: { type: error.type, message: error.message } };
  }
}

/**
 * Stores what LiveChat has just accepted; when that fails, `undo` takes it back in LiveChat and the
 * database's error is thrown. When the undo fails too, the error says what is left where.
 */
async function storeOrUndo<T>(store: () => Promise<T>, undo: { run: () => Promise<unknown>; leftOver: (reason: string) => string }): Promise<T> {
  try {
    return await store();
  } catch (error) {
    await undo.run().catch((undoError: unknown) => {
      throw new AppError("internal", undo.leftOver(undoError instanceof Error ? undoError.message : "unknown error"));
    });
    throw error;
  }
}

export async function createBot(ctx: BotServiceContext, input: BotInput) {
  const created = await configurationApi
    .createBot(ctx.api, { ...toLiveChatSettings(input), ownerClientId: ctx.clientId })
    .catch((error: unknown) => {
      throw withBotField(error);
    });
  const undo = {
    run: () => configurationApi.deleteBot(ctx.api, { id: created.id }),
    leftOver: (reason: string) =>
      `The bot was created in LiveChat but could not be saved here, and removing it from LiveChat failed too (${reason}). It is listed on the Bots page; adopt it or delete it there.`,
  };
  const bot = await storeOrUndo(
    () =>
      ctx.db.$transaction(async (tx) => {
        const record = await createBotRecord(tx, {
          orgId: ctx.orgId,
          livechatBotId: created.id,
          ownerClientId: ctx.clientId,
          input,
          secret: created.secret,
          keyring: ctx.keyring,
        });
        await recordAudit(tx, {
          orgId: ctx.orgId,
          actorUserId: ctx.actorUserId,
          action: "bot.create",
          targetType: "bot",
          targetId: record.id,
          targetName: record.name,
          after: input,
        });
        return record;
      }),
    undo,
  );
  // Saved in both places: a failure from here on must not undo anything.
  await notifyConfigChanged(ctx.db, ctx.orgId);
  return { ...bot, _count: { rules: 0 } };
}

/** Changes the fields `patch` names (a whole BotInput changes them all). */
export async function updateBot(ctx: BotServiceContext, botId: string, patch: BotPatch) {
  const before = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const previous = storedBotInput(before);
  const input = applyBotPatch(previous, patch);
  await configurationApi
    .updateBot(ctx.api, { id: before.livechatBotId, ...toLiveChatSettings(input, previous) })
    .catch((error: unknown) => {
      throw withBotField(error);
    });
  // Undoing sends the old values as an edit of the new ones (what was set is cleared again).
  const undo = {
    run: () => configurationApi.updateBot(ctx.api, { id: before.livechatBotId, ...toLiveChatSettings(previous, input) }),
    leftOver: (reason: string) =>
      `The change was made in LiveChat but could not be saved here, and undoing it in LiveChat failed too (${reason}). The Bots page shows LiveChat's values; edit the bot again to make both agree.`,
  };
  await storeOrUndo(
    () =>
      ctx.db.$transaction(async (tx) => {
        await updateBotRecord(tx, { orgId: ctx.orgId, botId, input });
        await recordAudit(tx, {
          orgId: ctx.orgId,
          actorUserId: ctx.actorUserId,
          action: "bot.update",
          targetType: "bot",
          targetId: botId,
          targetName: input.name,
          before: previous,
          after: input,
        });
      }),
    undo,
  );
  await notifyConfigChanged(ctx.db, ctx.orgId);
  return getBotById(ctx.db, { orgId: ctx.orgId, botId });
}

export async function deleteBot(ctx: BotServiceContext, botId: string) {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  try {
    await configurationApi.deleteBot(ctx.api, { id: bot.livechatBotId });
  } catch (error) {
    // Already gone in LiveChat: finish the job here.
    if (!(error instanceof LiveChatError && error.type === "not_found")) throw error;
  }
  await ctx.db.$transaction(async (tx) => {
    await deleteBotRecord(tx, { orgId: ctx.orgId, botId });
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.actorUserId,
      action: "bot.delete",
      targetType: "bot",
      targetId: botId,
      targetName: bot.name,
      before: { name: bot.name, rules: bot._count.rules },
    });
  });
  await notifyConfigChanged(ctx.db, ctx.orgId);
}

/**
 * Takes over a bot that was created outside Botdesk. Its secret was never shown to us, so it is
 * reset (livechat-api.md 2.5): whatever else used the old secret can no longer issue bot tokens.
 */
export async function adoptBot(ctx: BotServiceContext, livechatBotId: string) {
  if (await findBotByLivechatId(ctx.db, { orgId: ctx.orgId, livechatBotId })) {
    throw new AppError("conflict", "This bot is already managed here");
  }
  const live = await configurationApi.getBot(ctx.api, { id: livechatBotId, fields: BOT_FIELDS });
  const { secret } = await configurationApi.resetBotSecret(ctx.api, { id: livechatBotId });
  // Stored as LiveChat has them, made storable (a character our database refuses must not fail
  // the adoption: lib/validation/text.ts).
  const input: BotInput = {
    name: storableFromLiveChat(live.name),
    avatarUrl: live.avatar_path ? storableFromLiveChat(live.avatar_path) : undefined,
    jobTitle: live.job_title ? storableFromLiveChat(live.job_title) : undefined,
    groups: (live.groups ?? []).flatMap((group) =>
      ["first", "normal", "last", "supervisor"].includes(group.priority)
        ? [{ id: group.id, priority: group.priority as BotInput["defaultGroupPriority"] }]
        : [],
    ),
    defaultGroupPriority: (live.default_group_priority as BotInput["defaultGroupPriority"] | undefined) ?? "first",
    maxChatsCount: live.max_chats_count ?? 6,
    // LiveChat answers `{}` for a bot without a schedule (livechat-api.md 2.3).
    workScheduler: WorkSchedulerSchema.nullable().catch(null).parse(live.work_scheduler ?? null),
  };
  const bot = await ctx.db.$transaction(async (tx) => {
    const record = await createBotRecord(tx, {
      orgId: ctx.orgId,
      livechatBotId,
      ownerClientId: live.owner_client_id ?? ctx.clientId,
      input,
      secret,
      keyring: ctx.keyring,
    });
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.actorUserId,
      action: "bot.adopt",
      targetType: "bot",
      targetId: record.id,
      targetName: record.name,
    });
    return record;
  });
  await notifyConfigChanged(ctx.db, ctx.orgId);
  return { ...bot, _count: { rules: 0 } };
}

/** A new secret for a managed bot whose stored secret no longer works. */
export async function resetSecret(ctx: BotServiceContext, botId: string) {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const { secret } = await configurationApi.resetBotSecret(ctx.api, { id: bot.livechatBotId });
  await replaceBotSecret(ctx.db, { orgId: ctx.orgId, botId, secret, keyring: ctx.keyring });
  await recordAudit(ctx.db, {
    orgId: ctx.orgId,
    actorUserId: ctx.actorUserId,
    action: "bot.reset_secret",
    targetType: "bot",
    targetId: botId,
    targetName: bot.name,
  });
  await notifyConfigChanged(ctx.db, ctx.orgId);
  return bot;
}

/**
 * Stores the desired routing status (the worker applies it and re-applies it after reconnects)
 * and applies it right away with the user's token so the page shows it at once.
 */
export async function changeRoutingStatus(ctx: BotServiceContext, botId: string, status: BotRoutingStatus) {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  await setDesiredRoutingStatus(ctx.db, { orgId: ctx.orgId, botId, status });
  await recordAudit(ctx.db, {
    orgId: ctx.orgId,
    actorUserId: ctx.actorUserId,
    action: "bot.routing_status",
    targetType: "bot",
    targetId: botId,
    targetName: bot.name,
    before: { desiredRoutingStatus: bot.desiredRoutingStatus },
    after: { desiredRoutingStatus: status },
  });
  await notifyConfigChanged(ctx.db, ctx.orgId);
  await setRoutingStatus(ctx.api, { status, agentId: bot.livechatBotId });
  // The version moved before LiveChat changed: a read in between may hold the old status.
  invalidateLiveChatReads(ctx.orgId);
  await ctx.db.bot.updateMany({
    where: { id: botId, orgId: ctx.orgId },
    data: { currentRoutingStatus: status, currentRoutingStatusAt: new Date() },
  });
  return getBotById(ctx.db, { orgId: ctx.orgId, botId });
}

export async function listGroups(ctx: Pick<BotServiceContext, "db" | "orgId" | "api">) {
  return liveChatReads(ctx).listGroups();
}
