// A bot's LiveChat work schedule (livechat-api.md 2.2 `work_scheduler`): wall-clock windows per
// weekday in the schedule's own time zone, start inclusive and end exclusive.
import { describe, expect, it } from "vitest";
import type { WorkScheduler } from "@/lib/validation/bot";
import { isInsideWorkSchedule } from "@/worker/work-schedule";

type Day = WorkScheduler["schedule"][number]["day"];

function schedule(timezone: string, days: Partial<Record<Day, [string, string] | "disabled">>): WorkScheduler {
  return {
    timezone,
    schedule: Object.entries(days).map(([day, window]) =>
      window === "disabled" ? { day: day as Day, enabled: false, start: "09:00", end: "17:00" } : { day: day as Day, enabled: true, start: window[0], end: window[1] },
    ),
  };
}

const at = (iso: string) => new Date(iso);

describe("isInsideWorkSchedule", () => {
  it("is always inside without a schedule", () => {
    expect(isInsideWorkSchedule(null, at("2026-03-01T03:00:00Z"))).toBe(true);
  });

  it("is inside an enabled day's window, start included, end excluded, in the schedule's zone", () => {
    // 2026-03-02 is a Monday; Berlin is UTC+1 in winter.
    const berlin = schedule("Europe/Berlin", { monday: ["09:00", "17:00"] });
    expect(isInsideWorkSchedule(berlin, at("2026-03-02T07:59:00Z"))).toBe(false);
    expect(isInsideWorkSchedule(berlin, at("2026-03-02T08:00:00Z"))).toBe(true);
    expect(isInsideWorkSchedule(berlin, at("2026-03-02T15:59:00Z"))).toBe(true);
    expect(isInsideWorkSchedule(berlin, at("2026-03-02T16:00:00Z"))).toBe(false);
  });

  it("takes the weekday from the schedule's zone, not from UTC", () => {
    // Tuesday 02:00 UTC is Monday 18:00 in Los Angeles (UTC-8 before 8 March 2026).
    const losAngeles = schedule("America/Los_Angeles", { monday: ["17:00", "20:00"] });
    expect(isInsideWorkSchedule(losAngeles, at("2026-03-03T02:00:00Z"))).toBe(true);
    const tuesdayOnly = schedule("America/Los_Angeles", { tuesday: ["00:00", "23:59"] });
    expect(isInsideWorkSchedule(tuesdayOnly, at("2026-03-03T02:00:00Z"))).toBe(false);
  });

  it("follows daylight saving time: the same UTC instant moves into the window", () => {
    // Berlin goes to UTC+2 on 29 March 2026: Monday 07:30 UTC is 08:30 before and 09:30 after.
    const berlin = schedule("Europe/Berlin", { monday: ["09:00", "17:00"] });
    expect(isInsideWorkSchedule(berlin, at("2026-03-23T07:30:00Z"))).toBe(false);
    expect(isInsideWorkSchedule(berlin, at("2026-03-30T07:30:00Z"))).toBe(true);
  });

  it("is outside on a disabled day, on a day not listed, and with an empty schedule", () => {
    expect(isInsideWorkSchedule(schedule("UTC", { monday: "disabled" }), at("2026-03-02T10:00:00Z"))).toBe(false);
    expect(isInsideWorkSchedule(schedule("UTC", { tuesday: ["00:00", "23:59"] }), at("2026-03-02T10:00:00Z"))).toBe(false);
    expect(isInsideWorkSchedule(schedule("UTC", {}), at("2026-03-02T10:00:00Z"))).toBe(false);
  });

  it("uses the enabled window of the right day when several days are listed", () => {
    const week = schedule("UTC", { monday: "disabled", tuesday: ["10:00", "12:00"], sunday: ["00:00", "23:59"] });
    expect(isInsideWorkSchedule(week, at("2026-03-02T11:00:00Z"))).toBe(false); // Monday, disabled
    expect(isInsideWorkSchedule(week, at("2026-03-03T11:00:00Z"))).toBe(true); // Tuesday
    expect(isInsideWorkSchedule(week, at("2026-03-03T12:00:00Z"))).toBe(false);
    expect(isInsideWorkSchedule(week, at("2026-03-01T23:00:00Z"))).toBe(true); // Sunday
  });

  it("keeps the bot working when the zone is unknown to this runtime", () => {
    expect(isInsideWorkSchedule(schedule("Mars/Olympus_Mons", { monday: "disabled" }), at("2026-03-02T10:00:00Z"))).toBe(true);
  });
});
