// Request schemas and the response view of bots (livechat-api.md 2.2–2.5).
import { z } from "zod";
import type { Bot } from "./model";
import { priorityEnum } from "./validate";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");

export const workSchedulerSchema = z.strictObject({
  timezone: z.string().min(1),
  schedule: z
    .array(
      z.strictObject({
        day: z.enum(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]),
        enabled: z.boolean(),
        start: time,
        end: time,
      }),
    )
    .optional(),
});

export const botGroupsSchema = z.array(z.strictObject({ id: z.number().int().min(0), priority: priorityEnum }));

const botFields = {
  avatar: z.string().optional(),
  /** livechat-api.md 2.2: default 6, max 500. */
  max_chats_count: z.number().int().min(0).max(500).optional(),
  default_group_priority: priorityEnum.optional(),
  job_title: z.string().optional(),
  groups: botGroupsSchema.optional(),
  type: z.string().min(1).optional(),
  work_scheduler: workSchedulerSchema.optional(),
};

// A top-level `timezone` is not in the v3.6 table (livechat-api.md 2.2: NOT DOCUMENTED whether it
// is accepted); the strict schemas refuse it.
export const createBotSchema = z.strictObject({
  name: z.string().min(1),
  ...botFields,
  owner_client_id: z.string().min(1).optional(),
});

export const updateBotSchema = z.strictObject({ id: z.string().min(1), name: z.string().min(1).optional(), ...botFields });

export const BOT_EXTRA_FIELDS = ["groups", "work_scheduler", "job_title", "max_chats_count", "timezone"] as const;
export const botFieldsSchema = z.array(z.enum(BOT_EXTRA_FIELDS)).optional();
export type BotExtraField = (typeof BOT_EXTRA_FIELDS)[number];

/**
 * Bot objects carry `id`, `name`, `avatar_path` (plus `default_group_priority` and `owner_client_id`
 * from `get_bot`); the extra fields appear only when asked for with `fields` — the stricter
 * reading of the docs' samples.
 */
export function botView(bot: Bot, fields: readonly BotExtraField[] = [], detailed = false): Record<string, unknown> {
  const view: Record<string, unknown> = { id: bot.id, name: bot.name, avatar_path: bot.avatar ?? "" };
  if (detailed) {
    view.default_group_priority = bot.defaultGroupPriority;
    view.owner_client_id = bot.ownerClientId;
  }
  for (const field of fields) {
    if (field === "groups") view.groups = bot.groups.map((group) => ({ ...group }));
    if (field === "work_scheduler") view.work_scheduler = bot.workScheduler ?? {};
    if (field === "job_title") view.job_title = bot.jobTitle ?? "";
    if (field === "max_chats_count") view.max_chats_count = bot.maxChatsCount;
    if (field === "timezone") view.timezone = bot.timezone ?? "";
  }
  return view;
}
