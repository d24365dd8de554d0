// A bot as the Bots page shows it: LiveChat's view (list_bots, routing statuses) merged with
// what Botdesk stores (rules, desired status, whether the worker serves it).
import type { LiveChatBot } from "../livechat/configuration-api";
import { StoredGroupsSchema, WorkSchedulerSchema, type BotGroup, type BotRoutingStatus, type WorkScheduler } from "../validation/bot";
import type { StoredBotSettings } from "./bot-input";

export interface BotView {
  /** Botdesk's id; null for a bot that exists only in LiveChat (it can be adopted). */
  id: string | null;
  livechatBotId: string;
  name: string;
  avatarUrl: string | null;
  jobTitle: string | null;
  groups: BotGroup[];
  defaultGroupPriority: string;
  maxChatsCount: number;
  workScheduler: WorkScheduler | null;
  ownerClientId: string | null;
  isManaged: boolean;
  /** Stored here but no longer in LiveChat (deleted outside Botdesk). */
  isMissingInLiveChat: boolean;
  ruleCount: number;
  desiredRoutingStatus: BotRoutingStatus | null;
  currentRoutingStatus: string | null;
  /** The organization's worker connection is up, so this bot's customers get answers. */
  isServed: boolean;
}

export interface StoredBot extends StoredBotSettings {
  id: string;
  livechatBotId: string;
  ownerClientId: string | null;
  desiredRoutingStatus: string;
  currentRoutingStatus: string | null;
  _count: { rules: number };
}

function parseJson<T>(text: string | null, parse: (value: unknown) => T, fallback: T): T {
  if (!text) return fallback;
  try {
    return parse(JSON.parse(text));
  } catch {
    return fallback;
  }
}

export function mergeBotViews(input: {
  stored: StoredBot[];
  liveChat: LiveChatBot[] | null;
  statuses: Map<string, string>;
  isConnectionReady: boolean;
}): BotView[] {
  const liveById = new Map((input.liveChat ?? []).map((bot) => [bot.id, bot]));
  const views: BotView[] = input.stored.map((bot) => {
    const live = liveById.get(bot.livechatBotId);
    liveById.delete(bot.livechatBotId);
    return {
      id: bot.id,
      livechatBotId: bot.livechatBotId,
      name: live?.name ?? bot.name,
      // LiveChat answers "" for a bot without an avatar or job title (livechat-api.md 2.3).
      avatarUrl: live ? live.avatar_path || null : bot.avatarUrl,
      jobTitle: live?.job_title !== undefined ? live.job_title || null : bot.jobTitle,
      groups: live?.groups ? StoredGroupsSchema.catch([]).parse(live.groups) : parseJson(bot.groups, (v) => StoredGroupsSchema.parse(v), []),
      defaultGroupPriority: live?.default_group_priority ?? bot.defaultGroupPriority,
      maxChatsCount: live?.max_chats_count ?? bot.maxChatsCount,
      workScheduler: parseJson(bot.workScheduler, (v) => WorkSchedulerSchema.parse(v), null),
      ownerClientId: live?.owner_client_id ?? bot.ownerClientId,
      isManaged: true,
      isMissingInLiveChat: input.liveChat !== null && !live,
      ruleCount: bot._count.rules,
      desiredRoutingStatus: bot.desiredRoutingStatus as BotRoutingStatus,
      currentRoutingStatus: input.statuses.get(bot.livechatBotId) ?? bot.currentRoutingStatus,
      isServed: input.isConnectionReady && input.liveChat !== null ? Boolean(live) : input.isConnectionReady,
    };
  });
  for (const live of liveById.values()) {
    views.push({
      id: null,
      livechatBotId: live.id,
      name: live.name,
      avatarUrl: live.avatar_path || null,
      jobTitle: live.job_title || null,
      groups: StoredGroupsSchema.catch([]).parse(live.groups ?? []),
      defaultGroupPriority: live.default_group_priority ?? "normal",
      maxChatsCount: live.max_chats_count ?? 6,
      workScheduler: WorkSchedulerSchema.nullable().catch(null).parse(live.work_scheduler ?? null),
      ownerClientId: live.owner_client_id ?? null,
      isManaged: false,
      isMissingInLiveChat: false,
      ruleCount: 0,
      desiredRoutingStatus: null,
      currentRoutingStatus: input.statuses.get(live.id) ?? null,
      isServed: false,
    });
  }
  return views;
}

/** A stored bot as the page shows it right after a change, before LiveChat is read again. */
export function storedBotView(bot: StoredBot, isConnectionReady: boolean): BotView {
  const [view] = mergeBotViews({ stored: [bot], liveChat: null, statuses: new Map(), isConnectionReady });
  return view!;
}
