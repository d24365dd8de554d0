// What the worker knows about one organization's bots: ids, secret, desired routing status and
// the compiled rules. Loaded at start and again whenever the organization's configVersion moves.
import crypto from "node:crypto";
import type { Db } from "../lib/db";
import { compileBot, type CompiledBot } from "../lib/rules";
import type { RoutingStatus } from "../lib/livechat/agent-web-api";
import { BotGroupSchema, WorkSchedulerSchema, type WorkScheduler } from "../lib/validation/bot";

export interface ManagedBot {
  /** Our Bot.id. */
  id: string;
  livechatBotId: string;
  name: string;
  ownerClientId: string | null;
  secretEnc: string | null;
  /** Fingerprint of the sealed secret: a reset secret invalidates cached bot tokens. */
  secretKey: string;
  desiredRoutingStatus: RoutingStatus;
  /** The LiveChat groups the bot serves (listings are filtered to them). */
  groupIds: number[];
  /** LiveChat's work schedule of the bot; null: always. */
  workScheduler: WorkScheduler | null;
  compiled: CompiledBot;
}

export interface OrgConfig {
  version: number;
  livechatOrganizationId: string;
  /** By LiveChat bot id, which is what chats and events carry. */
  bots: Map<string, ManagedBot>;
  /** Group names for the {{chat.group}} template variable; filled when known. */
  groupNames: Map<number, string>;
}

const ROUTING_STATUSES: readonly RoutingStatus[] = ["accepting_chats", "not_accepting_chats", "offline"];

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

function parseGroupIds(text: string): number[] {
  const parsed = BotGroupSchema.array().safeParse(parseJson(text, []));
  return parsed.success ? parsed.data.map((group) => group.id) : [];
}

export async function loadOrgConfig(db: Db, orgId: string): Promise<OrgConfig | null> {
  // The version is read first: a change saved while we load bumps it again and triggers a reload.
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: { configVersion: true, livechatOrganizationId: true },
  });
  if (!org) return null;
  const bots = await db.bot.findMany({
    where: { orgId },
    omit: { secretEnc: false },
    include: { rules: { orderBy: { position: "asc" } } },
  });
  const managed = new Map<string, ManagedBot>();
  for (const bot of bots) {
    const compiled = compileBot({
      bot: { id: bot.id, name: bot.name },
      settings: parseJson(bot.ruleSettings, {}) as Parameters<typeof compileBot>[0]["settings"],
      rules: bot.rules.map((rule) => ({
        id: rule.id,
        name: rule.name,
        enabled: rule.enabled,
        position: rule.position,
        definition: parseJson(rule.definition, null) as Parameters<typeof compileBot>[0]["rules"][number]["definition"],
      })),
    });
    const desired = ROUTING_STATUSES.includes(bot.desiredRoutingStatus as RoutingStatus) ? (bot.desiredRoutingStatus as RoutingStatus) : "offline";
    managed.set(bot.livechatBotId, {
      id: bot.id,
      livechatBotId: bot.livechatBotId,
      name: bot.name,
      ownerClientId: bot.ownerClientId,
      secretEnc: bot.secretEnc,
      secretKey: crypto.createHash("sha256").update(bot.secretEnc ?? "").digest("hex").slice(0, 16),
      desiredRoutingStatus: desired,
      groupIds: parseGroupIds(bot.groups),
      workScheduler: bot.workScheduler ? (WorkSchedulerSchema.nullable().catch(null).parse(parseJson(bot.workScheduler, null)) ?? null) : null,
      compiled,
    });
  }
  return { version: org.configVersion, livechatOrganizationId: org.livechatOrganizationId, bots: managed, groupNames: new Map() };
}
