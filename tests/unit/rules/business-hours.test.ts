import { describe, expect, it } from "vitest";
import { evaluate } from "@/lib/rules";
import { isValidTimeZone, localTimeIn } from "@/lib/rules/business-hours";
import { compile, contains, message, rule } from "./helpers";

type Hours = { timeZone: string; when?: "open" | "closed"; schedule: Array<{ days: Array<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun">; from: string; to: string }> };

function isFiring(hours: Hours, iso: string): boolean {
  const bot = compile([rule(contains("hours", "x", { conditions: { businessHours: hours } }))]);
  const result = evaluate(bot, message("hours", { now: new Date(iso) }));
  if (result.outcome !== "rule") expect(result.trace[0]).toMatchObject({ failedCondition: "business_hours" });
  return result.outcome === "rule";
}

const weekdays: Hours["schedule"][number]["days"] = ["mon", "tue", "wed", "thu", "fri"];

describe("business hours", () => {
  it("reads the wall clock in the rule's time zone", () => {
    const warsaw: Hours = { timeZone: "Europe/Warsaw", schedule: [{ days: weekdays, from: "09:00", to: "17:00" }] };
    // Wednesday 2025-01-15: Warsaw is UTC+1 in winter.
    expect(isFiring(warsaw, "2025-01-15T07:59:00Z")).toBe(false);
    expect(isFiring(warsaw, "2025-01-15T08:00:00Z")).toBe(true);
    expect(isFiring(warsaw, "2025-01-15T15:59:00Z")).toBe(true);
    expect(isFiring(warsaw, "2025-01-15T16:00:00Z")).toBe(false);
    // Same instant, different zones, different answers.
    const tokyo: Hours = { ...warsaw, timeZone: "Asia/Tokyo" };
    expect(isFiring(tokyo, "2025-01-15T08:00:00Z")).toBe(false); // 17:00 in Tokyo
    expect(isFiring(tokyo, "2025-01-15T01:00:00Z")).toBe(true); // 10:00 in Tokyo
  });

  it("follows daylight-saving changes", () => {
    const newYork: Hours = { timeZone: "America/New_York", schedule: [{ days: ["sat", "sun", ...weekdays], from: "09:00", to: "17:00" }] };
    // 13:30 UTC is 08:30 EST the day before the switch and 09:30 EDT on the day of the switch.
    expect(isFiring(newYork, "2024-03-09T13:30:00Z")).toBe(false);
    expect(isFiring(newYork, "2024-03-10T13:30:00Z")).toBe(true);
    // And back in November: 13:30 UTC is 09:30 EDT, then 08:30 EST.
    expect(isFiring(newYork, "2024-11-02T13:30:00Z")).toBe(true);
    expect(isFiring(newYork, "2024-11-03T13:30:00Z")).toBe(false);
  });

  it("handles overnight windows that cross midnight into the next day", () => {
    const night: Hours = { timeZone: "UTC", schedule: [{ days: ["fri"], from: "22:00", to: "06:00" }] };
    expect(isFiring(night, "2025-01-17T21:59:00Z")).toBe(false); // Fri
    expect(isFiring(night, "2025-01-17T22:00:00Z")).toBe(true);
    expect(isFiring(night, "2025-01-18T05:59:00Z")).toBe(true); // Sat morning belongs to Friday's window
    expect(isFiring(night, "2025-01-18T06:00:00Z")).toBe(false);
    expect(isFiring(night, "2025-01-18T22:30:00Z")).toBe(false); // Sat night: not listed
    expect(isFiring(night, "2025-01-17T03:00:00Z")).toBe(false); // Fri morning would be Thursday's
  });

  it("supports split shifts, whole days and 'closed' rules", () => {
    const split: Hours = { timeZone: "Europe/Paris", schedule: [{ days: ["mon"], from: "09:00", to: "12:00" }, { days: ["mon"], from: "14:00", to: "18:00" }] };
    expect(isFiring(split, "2025-01-13T10:00:00Z")).toBe(true); // 11:00 Paris
    expect(isFiring(split, "2025-01-13T12:00:00Z")).toBe(false); // 13:00 lunch
    const allSunday: Hours = { timeZone: "UTC", schedule: [{ days: ["sun"], from: "00:00", to: "24:00" }] };
    expect(isFiring(allSunday, "2025-01-19T23:59:00Z")).toBe(true);
    expect(isFiring(allSunday, "2025-01-20T00:00:00Z")).toBe(false);
    const afterHours: Hours = { timeZone: "UTC", when: "closed", schedule: [{ days: weekdays, from: "09:00", to: "17:00" }] };
    expect(isFiring(afterHours, "2025-01-15T20:00:00Z")).toBe(true);
    expect(isFiring(afterHours, "2025-01-15T10:00:00Z")).toBe(false);
  });

  it("computes local weekday and minute, including across the date line", () => {
    expect(localTimeIn("Pacific/Kiritimati", new Date("2025-01-15T23:30:00Z"))).toEqual({ day: 3, minute: 13 * 60 + 30 }); // Thu 13:30 (UTC+14); 0 = Monday
    expect(localTimeIn("Pacific/Pago_Pago", new Date("2025-01-15T05:00:00Z"))).toEqual({ day: 1, minute: 18 * 60 }); // Tue 18:00 (UTC-11)
    expect(localTimeIn("Asia/Kolkata", new Date("2025-01-15T00:00:00Z"))).toEqual({ day: 2, minute: 5 * 60 + 30 });
  });

  it("recognizes IANA zones", () => {
    expect(isValidTimeZone("Europe/Warsaw")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});
