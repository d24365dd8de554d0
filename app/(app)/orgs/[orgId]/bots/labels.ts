// Words the Bots page uses for LiveChat's values (livechat-api.md 2.2, 3.3).
import { WEEKDAYS, type BotRoutingStatus, type GroupPriority, type WorkScheduler } from "@/lib/validation/bot";

export const ROUTING_LABELS: Record<BotRoutingStatus, string> = {
  accepting_chats: "Accepting chats",
  not_accepting_chats: "Not accepting",
  offline: "Offline",
};

export function routingLabel(status: string | null): string {
  if (status === null) return "Unknown";
  return ROUTING_LABELS[status as BotRoutingStatus] ?? status;
}

export const PRIORITY_LABELS: Record<GroupPriority, string> = {
  first: "First",
  normal: "Normal",
  last: "Last",
  supervisor: "Supervisor",
};

/** livechat-api.md 2.2: what each priority means for routing. */
export const PRIORITY_HINTS: Record<GroupPriority, string> = {
  first: "First — gets chats before everyone else",
  normal: "Normal — like the group's primary agents",
  last: "Last — only when the others are busy",
  supervisor: "Supervisor — never gets chats automatically",
};

export const DAY_LABELS: Record<WorkScheduler["schedule"][number]["day"], string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};

/** "Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Berlin)": consecutive days with the same hours together. */
export function scheduleSummary(scheduler: WorkScheduler | null): string {
  if (!scheduler) return "Any time";
  const byDay = new Map(scheduler.schedule.map((entry) => [entry.day, entry]));
  const runs: { first: string; last: string; hours: string }[] = [];
  let previousHours: string | null = null;
  for (const day of WEEKDAYS) {
    const entry = byDay.get(day);
    const hours = entry?.enabled ? `${entry.start}–${entry.end}` : null;
    const short = DAY_LABELS[day].slice(0, 3);
    const run = runs.at(-1);
    if (hours && run && hours === previousHours) run.last = short;
    else if (hours) runs.push({ first: short, last: short, hours });
    previousHours = hours;
  }
  if (runs.length === 0) return `No working days (${scheduler.timezone})`;
  const parts = runs.map((run) => `${run.first === run.last ? run.first : `${run.first}–${run.last}`} ${run.hours}`);
  return `${parts.join(", ")} (${scheduler.timezone})`;
}
