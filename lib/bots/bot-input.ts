// A bot's settings between the three shapes they take: what we store, what the dashboard and
// the API send (a whole BotInput, or a PATCH of some fields), and what LiveChat takes.
import type { z } from "zod";
import type * as configurationApi from "../livechat/configuration-api";
import {
  GroupPrioritySchema,
  StoredGroupsSchema,
  WorkSchedulerSchema,
  type BotInput,
  type BotPatch,
} from "../validation/bot";

export interface StoredBotSettings {
  name: string;
  avatarUrl: string | null;
  jobTitle: string | null;
  groups: string;
  defaultGroupPriority: string;
  maxChatsCount: number;
  workScheduler: string | null;
}

function parseStored<T>(text: string | null, schema: z.ZodType<T>, fallback: T): T {
  if (!text) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function storedBotInput(bot: StoredBotSettings): BotInput {
  return {
    name: bot.name,
    avatarUrl: bot.avatarUrl ?? undefined,
    jobTitle: bot.jobTitle ?? undefined,
    groups: parseStored(bot.groups, StoredGroupsSchema, []),
    defaultGroupPriority: GroupPrioritySchema.catch("first").parse(bot.defaultGroupPriority),
    maxChatsCount: bot.maxChatsCount,
    workScheduler: parseStored(bot.workScheduler, WorkSchedulerSchema, null),
  };
}

/** The fields a PATCH names replace the current ones; `null` clears what can be cleared. */
export function applyBotPatch(current: BotInput, patch: BotPatch): BotInput {
  return {
    name: patch.name ?? current.name,
    avatarUrl: patch.avatarUrl === undefined ? current.avatarUrl : (patch.avatarUrl ?? undefined),
    jobTitle: patch.jobTitle === undefined ? current.jobTitle : (patch.jobTitle ?? undefined),
    groups: patch.groups ?? current.groups,
    defaultGroupPriority: patch.defaultGroupPriority ?? current.defaultGroupPriority,
    maxChatsCount: patch.maxChatsCount ?? current.maxChatsCount,
    workScheduler: patch.workScheduler === undefined ? current.workScheduler : patch.workScheduler,
  };
}

/**
 * LiveChat's settings for `create_bot`, or for `update_bot` when `previous` is given. `update_bot`
 * keeps every parameter it is not sent (livechat-api.md 2.4), so what was cleared here is sent
 * as cleared: an empty avatar and job title (what `get_bot` answers for "none", 2.3), and an
 * empty weekly schedule in the old time zone (`work_scheduler` cannot be sent without one).
 */
export function toLiveChatSettings(input: BotInput, previous?: BotInput): configurationApi.BotSettings {
  const clearedSchedule =
    !input.workScheduler && previous?.workScheduler ? { timezone: previous.workScheduler.timezone, schedule: [] } : null;
  return {
    name: input.name,
    ...(input.avatarUrl ? { avatar: input.avatarUrl } : previous?.avatarUrl ? { avatar: "" } : {}),
    ...(input.jobTitle ? { jobTitle: input.jobTitle } : previous?.jobTitle ? { jobTitle: "" } : {}),
    maxChatsCount: input.maxChatsCount,
    defaultGroupPriority: input.defaultGroupPriority,
    groups: input.groups,
    workScheduler: input.workScheduler ?? clearedSchedule,
  };
}
