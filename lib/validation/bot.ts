// Bot input from the dashboard and the JSON API, checked before anything reaches LiveChat.
// Limits are LiveChat's (livechat-api.md 2.2, 2.4, 3.3, 8).
import { z } from "zod";
import { OrgIdSchema } from "./organization";
import { RecordIdSchema, singleLine, storableText } from "./text";

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
  timezone: z.string().max(100, { abort: true }).refine(isTimeZone, { error: "Pick a time zone from the list, e.g. Europe/Berlin" }),
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

/** A blank text field (or `null`) means "none". */
const isBlank = (value: unknown) => value === null || (typeof value === "string" && value.trim() === "");

// Names, job titles and avatar URLs are stored here and shown in LiveChat: storable text only
// (lib/validation/text.ts), and a name must show.
const nameSchema = singleLine({
  max: 100,
  tooLong: "Names can be at most 100 characters",
  required: "Give the bot a name",
  notText: "Give the bot a name",
  isName: true,
});
// https only: the dashboard loads avatars in every member's browser, and plain http would leak and mix content.
const avatarUrlSchema = storableText(z.string({ error: "The avatar URL must start with https://" }).max(1000, { abort: true })).pipe(
  z.url({ protocol: /^https$/, error: "The avatar URL must start with https://" }),
);
const jobTitleSchema = singleLine({ max: 100, tooLong: "The job title can be at most 100 characters", isName: true });
const groupsSchema = z
  .array(BotGroupSchema)
  .max(200)
  .refine((groups) => new Set(groups.map((group) => group.id)).size === groups.length, {
    error: "Each group can be picked once",
  });
const maxChatsCountSchema = z.coerce
  .number({ error: "Use a whole number" })
  .int({ error: "Use a whole number" })
  .min(1, { error: "At least 1 chat" })
  .max(500, { error: "LiveChat allows at most 500 concurrent chats per bot" });

const blankToUndefined = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (isBlank(value) ? undefined : value), schema.optional());

export const BotInputSchema = z.object({
  name: nameSchema,
  avatarUrl: blankToUndefined(avatarUrlSchema),
  jobTitle: blankToUndefined(jobTitleSchema),
  groups: groupsSchema.default([]),
  defaultGroupPriority: GroupPrioritySchema.default("first"),
  maxChatsCount: maxChatsCountSchema.default(6),
  workScheduler: WorkSchedulerSchema.nullable().default(null),
});
export type BotInput = z.infer<typeof BotInputSchema>;

const blankToNull = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (isBlank(value) ? null : value), schema.nullable()).optional();

/**
 * PATCH: only the fields sent change. `null` or `""` clears the avatar and the job title, `null`
 * the work schedule; `groups` replaces the whole list (livechat-api.md 2.4).
 */
export const BotPatchSchema = z.object({
  name: nameSchema.optional(),
  avatarUrl: blankToNull(avatarUrlSchema),
  jobTitle: blankToNull(jobTitleSchema),
  groups: groupsSchema.optional(),
  defaultGroupPriority: GroupPrioritySchema.optional(),
  maxChatsCount: maxChatsCountSchema.optional(),
  workScheduler: WorkSchedulerSchema.nullable().optional(),
});
export type BotPatch = z.infer<typeof BotPatchSchema>;

/** Route parameters of `/api/orgs/[orgId]/bots/[botId]/…`: our bot id, never LiveChat's. */
export const BotParamsSchema = z.object({ orgId: OrgIdSchema, botId: RecordIdSchema });

export const SetRoutingStatusSchema = z.object({ status: BotRoutingStatusSchema });
export const AdoptBotSchema = z.object({ livechatBotId: storableText(z.string().min(1).max(200, { abort: true })) });

/** The bot's groups and schedule as the Bot row stores them (JSON text). */
export const StoredGroupsSchema = z.array(BotGroupSchema);
