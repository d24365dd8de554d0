// Bots as Botdesk stores them, always filtered by organization in the same query.
import crypto from "node:crypto";
import type { DbClient as Db } from "./db-client";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import { sealSecret } from "../crypto/secret-box";
import type { BotInput, BotRoutingStatus } from "../validation/bot";

export const botSecretLocation = (botId: string) => ({ table: "Bot", id: botId, column: "secretEnc" });

function fields(input: BotInput) {
  return {
    name: input.name,
    avatarUrl: input.avatarUrl ?? null,
    jobTitle: input.jobTitle ?? null,
    maxChatsCount: input.maxChatsCount,
    defaultGroupPriority: input.defaultGroupPriority,
    groups: JSON.stringify(input.groups),
    workScheduler: input.workScheduler ? JSON.stringify(input.workScheduler) : null,
  };
}

export async function listBotsByOrgId(db: Db, { orgId }: { orgId: string }) {
  return db.bot.findMany({
    where: { orgId },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { rules: true } } },
  });
}

export async function getBotById(db: Db, { orgId, botId }: { orgId: string; botId: string }) {
  const bot = await db.bot.findFirst({ where: { id: botId, orgId }, include: { _count: { select: { rules: true } } } });
  if (!bot) throw new AppError("not_found", "Bot not found");
  return bot;
}

export async function findBotByLivechatId(db: Db, { orgId, livechatBotId }: { orgId: string; livechatBotId: string }) {
  return db.bot.findFirst({ where: { orgId, livechatBotId } });
}

export interface CreateBotRecordParams {
  orgId: string;
  livechatBotId: string;
  ownerClientId: string;
  input: BotInput;
  secret: string;
  keyring: readonly EncryptionKey[];
}

export async function createBotRecord(db: Db, params: CreateBotRecordParams) {
  // The id is chosen here because the sealed secret is bound to it.
  const id = crypto.randomUUID();
  return db.bot.create({
    data: {
      id,
      orgId: params.orgId,
      livechatBotId: params.livechatBotId,
      ownerClientId: params.ownerClientId,
      secretEnc: sealSecret(params.secret, botSecretLocation(id), params.keyring),
      ...fields(params.input),
    },
  });
}

export async function updateBotRecord(db: Db, { orgId, botId, input }: { orgId: string; botId: string; input: BotInput }) {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: fields(input) });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}

export async function replaceBotSecret(
  db: Db,
  { orgId, botId, secret, keyring }: { orgId: string; botId: string; secret: string; keyring: readonly EncryptionKey[] },
) {
  const { count } = await db.bot.updateMany({
    where: { id: botId, orgId },
    data: { secretEnc: sealSecret(secret, botSecretLocation(botId), keyring) },
  });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}

export async function setDesiredRoutingStatus(
  db: Db,
  { orgId, botId, status }: { orgId: string; botId: string; status: BotRoutingStatus },
) {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: { desiredRoutingStatus: status } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}

export async function deleteBotRecord(db: Db, { orgId, botId }: { orgId: string; botId: string }) {
  const { count } = await db.bot.deleteMany({ where: { id: botId, orgId } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}
