// Bot input from the dashboard and the JSON API, checked before anything reaches LiveChat.
// Limits are LiveChat's (livechat-api.md 2.2, 2.4, 3.3, 8).
import { z } from "zod";

export const GROUP_PRIORITIES = ["first", "normal", "last", "supervisor"] as const;
export const GroupPrioritySchema = z.enum(GROUP_PRIORITIES);
export type GroupPriority = z.infer<typeof GroupPrioritySchema>;

export const BOT_ROUTING_STATUSES = ["accepting_chats", "not_accepting_chats", "offline"] as const;
export const BotRoutingStatusSchema = z.enum(BOT_ROUTING_STATUSES);
export type BotRoutingStatus = z.infer<typeof BotRoutingStatusSchema>;

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Use a 24-hour time such as 08:30" });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const WorkSchedulerSchema = z.object({
  timezone: z.string().refine(isTimeZone, { error: "Pick a time zone from the list, e.g. Europe/Berlin" }),
  schedule: z
    .array(
      z
        .object({ day: z.enum(WEEKDAYS), enabled: z.boolean(), start: time, end: time })
        .refine((entry) => !entry.enabled || entry.start < entry.end, {
          error: "The end time must be after the start time",
          path: ["end"],
        }),
    )
    .max(7),
});
export type WorkScheduler = z.infer<typeof WorkSchedulerSchema>;

export const BotGroupSchema = z.object({ id: z.number().int().min(0), priority: GroupPrioritySchema });
export type BotGroup = z.infer<typeof BotGroupSchema>;

const optionalText = (max: number, label: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().max(max, { error: `${label} can be at most ${max} characters` }).optional(),
  );

export const BotInputSchema = z.object({
  name: z.string().trim().min(1, { error: "Give the bot a name" }).max(100, { error: "Names can be at most 100 characters" }),
  avatarUrl: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.url({ protocol: /^https?$/, error: "The avatar must be an http(s) URL" }).max(1000).optional(),
  ),
  jobTitle: optionalText(100, "The job title"),
  groups: z
    .array(BotGroupSchema)
    .max(200)
    .refine((groups) => new Set(groups.map((group) => group.id)).size === groups.length, {
      error: "Each group can be picked once",
    })
    .default([]),
  defaultGroupPriority: GroupPrioritySchema.default("first"),
  maxChatsCount: z.coerce
    .number()
    .int({ error: "Use a whole number" })
    .min(1, { error: "At least 1 chat" })
    .max(500, { error: "LiveChat allows at most 500 concurrent chats per bot" })
    .default(6),
  workScheduler: WorkSchedulerSchema.nullable().default(null),
});
export type BotInput = z.infer<typeof BotInputSchema>;

export const SetRoutingStatusSchema = z.object({ status: BotRoutingStatusSchema });
export const AdoptBotSchema = z.object({ livechatBotId: z.string().min(1).max(200) });

/** The bot's groups and schedule as the Bot row stores them (JSON text). */
export const StoredGroupsSchema = z.array(BotGroupSchema);
