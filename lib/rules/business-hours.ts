// Business-hours conditions. The schedule is wall-clock time in an IANA zone; Intl.DateTimeFormat
// turns the evaluation instant into that wall clock, so DST shifts need no special handling.
import type { BusinessHours } from "@/lib/validation/rule";

const DAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const SHORT_DAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Local weekday (0 = Monday) and minute of the day. */
export interface LocalTime {
  day: number;
  minute: number;
}

// Building a DateTimeFormat costs tens of microseconds; one per zone is enough for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. "Europe/Warsaw", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.trim() === "") return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock weekday and minute of `now` in `timeZone`. */
export function localTimeIn(timeZone: string, now: Date): LocalTime {
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(now)) {
    if (part.type === "weekday") day = SHORT_DAY_INDEX[part.value] ?? 0;
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

function toMinutes(time: string): number {
  const [h, m] = time.split(":");
  return Number(h) * 60 + Number(m);
}

/** A schedule window in minutes; `to <= from` means it runs past midnight. */
interface CompiledWindow {
  days: Set<number>;
  from: number;
  to: number;
}

/** A business-hours condition ready to evaluate. */
export interface CompiledBusinessHours {
  timeZone: string;
  when: "open" | "closed";
  windows: CompiledWindow[];
}

export function compileBusinessHours(hours: BusinessHours): CompiledBusinessHours {
  return {
    timeZone: hours.timeZone,
    when: hours.when,
    windows: hours.schedule.map((w) => ({ days: new Set(w.days.map((d) => DAY_INDEX[d] ?? 0)), from: toMinutes(w.from), to: toMinutes(w.to) })),
  };
}

/** Whether the schedule is open at `local` time. */
export function isOpenAt(hours: CompiledBusinessHours, local: LocalTime): boolean {
  const yesterday = (local.day + 6) % 7;
  return hours.windows.some((w) => {
    if (w.from < w.to) return w.days.has(local.day) && local.minute >= w.from && local.minute < w.to;
    // Overnight: the evening part belongs to the listed day, the early-morning part to the next.
    return (w.days.has(local.day) && local.minute >= w.from) || (w.days.has(yesterday) && local.minute < w.to);
  });
}
