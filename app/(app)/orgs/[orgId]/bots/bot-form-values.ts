// The create/edit form's state and its way to the API: text fields as typed, checked against the
// same schema the API uses (lib/validation/bot.ts) before anything is sent.
import type { BotView } from "@/lib/bots/bot-view";
import {
  BotInputSchema,
  GroupPrioritySchema,
  WEEKDAYS,
  type BotGroup,
  type BotInput,
  type BotPatch,
  type WorkScheduler,
} from "@/lib/validation/bot";

export type ScheduleDay = WorkScheduler["schedule"][number];

export interface BotFormValues {
  name: string;
  avatarUrl: string;
  jobTitle: string;
  groups: BotGroup[];
  defaultGroupPriority: BotInput["defaultGroupPriority"];
  maxChatsCount: string;
  hasSchedule: boolean;
  timezone: string;
  /** One entry per weekday, Monday first. */
  schedule: ScheduleDay[];
}

/** Field path (`name`, `groups.0.priority`, `workScheduler.schedule.2.end`) → message. */
export type FieldErrors = Record<string, string>;

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function initialValues(bot?: BotView): BotFormValues {
  const scheduler = bot?.workScheduler ?? null;
  return {
    name: bot?.name ?? "",
    avatarUrl: bot?.avatarUrl ?? "",
    jobTitle: bot?.jobTitle ?? "",
    groups: bot?.groups.map((group) => ({ ...group })) ?? [],
    defaultGroupPriority: GroupPrioritySchema.catch("first").parse(bot?.defaultGroupPriority),
    maxChatsCount: String(bot?.maxChatsCount ?? 6),
    hasSchedule: scheduler !== null,
    timezone: scheduler?.timezone ?? browserTimeZone(),
    schedule: WEEKDAYS.map((day) => {
      const saved = scheduler?.schedule.find((entry) => entry.day === day);
      const isWeekday = day !== "saturday" && day !== "sunday";
      return saved ? { ...saved } : { day, enabled: scheduler === null && isWeekday, start: "09:00", end: "17:00" };
    }),
  };
}

function rawInput(values: BotFormValues) {
  return {
    name: values.name,
    avatarUrl: values.avatarUrl,
    jobTitle: values.jobTitle,
    groups: values.groups,
    defaultGroupPriority: values.defaultGroupPriority,
    maxChatsCount: values.maxChatsCount,
    workScheduler: values.hasSchedule ? { timezone: values.timezone, schedule: values.schedule } : null,
  };
}

export type CheckedForm = { ok: true; input: BotInput } | { ok: false; errors: FieldErrors };

export function checkForm(values: BotFormValues): CheckedForm {
  const parsed = BotInputSchema.safeParse(rawInput(values));
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** An edit sends every field; an emptied avatar or job title is sent as `null`, which clears it. */
export function toPatch(input: BotInput): BotPatch {
  return { ...input, avatarUrl: input.avatarUrl ?? null, jobTitle: input.jobTitle ?? null };
}

/** The message for a field, or for anything below it (`groups` covers `groups.0.id`). */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${field}.`));
  return nested ? errors[nested] : undefined;
}

const FIELDS_WITH_MESSAGES = ["name", "avatarUrl", "jobTitle", "groups", "defaultGroupPriority", "maxChatsCount"];

/** Whether the form shows a message for `field` next to it (otherwise it goes above the form). */
export function hasFieldMessage(field: string, values: BotFormValues): boolean {
  const root = field.split(".")[0] ?? "";
  if (root === "workScheduler") return values.hasSchedule;
  return FIELDS_WITH_MESSAGES.includes(root);
}
