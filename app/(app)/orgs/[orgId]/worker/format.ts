// How the Worker page writes numbers, money and dates. A fixed locale, so the server's render and
// the browser's agree.
const COUNT = new Intl.NumberFormat("en-US");
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export const formatCount = (count: number) => COUNT.format(count);

/** `1 request`, `1,500 requests`. */
export const countOf = (count: number, noun: string) => `${COUNT.format(count)} ${count === 1 ? noun : `${noun}s`}`;

/** Dollars with cents; below a dollar up to four decimals, since per-request costs are tiny. */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.0001) return "less than $0.0001";
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: usd >= 1 ? 2 : 4 });
  return format.format(usd);
}

/** `2026-03-02T10:15:22.930Z` → `2026-03-02 10:15 UTC`. */
export const exactTime = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** `2026-03-01` → `1 March 2026`. */
export const formatDay = (day: string) => DAY.format(new Date(`${day}T00:00:00Z`));

/**
 * The end date a `Legacy` / `Deprecation` header names (livechat-api.md 10.2), as a day, or null when
 * the value is not a date. RFC 9745 writes `Deprecation` as `@<unix seconds>`; an HTTP date is read too.
 */
export function noticeEndDay(value: string): string | null {
  const unix = /^@(-?\d+)$/.exec(value.trim());
  const ms = unix ? Number(unix[1]) * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? formatDay(new Date(ms).toISOString().slice(0, 10)) : null;
}
