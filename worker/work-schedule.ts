// Whether a bot works right now by its LiveChat work schedule (livechat-api.md 2.2 `work_scheduler`):
// without webhooks the worker lists chats only while some bot accepts chats inside its schedule,
// since each listing is a billed request (10.1).
import { localTimeIn } from "../lib/rules/business-hours";
import type { WorkScheduler } from "../lib/validation/bot";

const DAY_INDEX: Record<string, number> = { monday: 0, tuesday: 1, wednesday: 2, thursday: 3, friday: 4, saturday: 5, sunday: 6 };

function minutes(time: string): number {
  const [hours = "0", mins = "0"] = time.split(":");
  return Number(hours) * 60 + Number(mins);
}

/** No schedule: always. A schedule: inside an enabled day's window, in the schedule's time zone. */
export function isInsideWorkSchedule(scheduler: WorkScheduler | null, now: Date): boolean {
  if (!scheduler) return true;
  let local;
  try {
    local = localTimeIn(scheduler.timezone, now);
  } catch {
    return true; // an unknown zone must not silence the bot
  }
  return scheduler.schedule.some(
    (entry) => entry.enabled && DAY_INDEX[entry.day] === local.day && local.minute >= minutes(entry.start) && local.minute < minutes(entry.end),
  );
}
