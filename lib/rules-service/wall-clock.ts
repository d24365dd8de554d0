// A wall-clock date and time in an IANA time zone, as an instant (for the test console's
// "what if the customer wrote at 09:30 Warsaw time" input).

function offsetMinutes(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant when clocks in `timeZone` show `date` `time`. In a DST gap the time does not exist
 * and the result is the instant the clocks jumped past it; in an overlap, the earlier instant.
 */
export function wallClockToInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const naive = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const first = naive - offsetMinutes(timeZone, naive) * 60_000;
  const second = naive - offsetMinutes(timeZone, first) * 60_000;
  return new Date(Math.min(first, second));
}
