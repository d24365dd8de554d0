// What this organization's LiveChat requests cost: the counts the web app and the worker write per
// UTC day and action (lib/data/request-counts.ts), summed in the database for today and this month,
// priced at LIVECHAT_PRICE_PER_1000_REQUESTS_USD (livechat-api.md 10.1: private apps pay per request,
// failed ones too except HTTP 500 — those were never counted).
import type { Db } from "../db";
import { utcDay } from "./request-counts";

/** Activity outcomes in which a bot answered a customer: a reply, or a hand-over to a person. */
export const ANSWERED_OUTCOMES = ["replied", "handed_over"] as const;

const DAY_MS = 86_400_000;

export interface ActionCount {
  action: string;
  count: number;
  failed: number;
}

export interface RequestPeriod {
  /** First UTC day of the period, `YYYY-MM-DD`. */
  from: string;
  byAction: ActionCount[];
  total: number;
  failed: number;
  estimatedCostUsd: number;
}

export interface RequestUsage {
  /** The price the estimates use, USD per 1,000 requests. */
  pricePer1000Usd: number;
  today: RequestPeriod;
  month: RequestPeriod & {
    /** Requests by the end of the month at this month's average daily rate so far. */
    projectedTotal: number;
    projectedCostUsd: number;
    /** Activity entries this month in which a bot replied or handed the chat over. */
    answeredMessages: number;
    /** This month's cost divided by the answered messages; null when nothing was answered. */
    costPerAnsweredMessageUsd: number | null;
  };
}

/** Whole micro-dollars: keeps float noise (0.27 × 3 / 1000) out of the JSON. */
const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;
const costOf = (requests: number, pricePer1000Usd: number) => roundUsd((requests * pricePer1000Usd) / 1000);

async function sumByAction(db: Db, where: { orgId: string; day: string | { gte: string; lte: string } }): Promise<ActionCount[]> {
  const groups = await db.liveChatRequestCount.groupBy({ by: ["action"], where, _sum: { count: true, failed: true } });
  return groups
    .map((group) => ({ action: group.action, count: group._sum.count ?? 0, failed: group._sum.failed ?? 0 }))
    .sort((a, b) => b.count - a.count || a.action.localeCompare(b.action));
}

function period(from: string, byAction: ActionCount[], pricePer1000Usd: number): RequestPeriod {
  const total = byAction.reduce((sum, row) => sum + row.count, 0);
  const failed = byAction.reduce((sum, row) => sum + row.failed, 0);
  return { from, byAction, total, failed, estimatedCostUsd: costOf(total, pricePer1000Usd) };
}

export async function getRequestUsage(
  db: Db,
  { orgId, pricePer1000Usd, now = new Date() }: { orgId: string; pricePer1000Usd: number; now?: Date },
): Promise<RequestUsage> {
  const today = utcDay(now);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const [todayRows, monthRows, answeredMessages] = await Promise.all([
    sumByAction(db, { orgId, day: today }),
    // `YYYY-MM-DD` strings sort like the days they name.
    sumByAction(db, { orgId, day: { gte: utcDay(monthStart), lte: today } }),
    db.activity.count({ where: { orgId, outcome: { in: [...ANSWERED_OUTCOMES] }, createdAt: { gte: monthStart, lte: now } } }),
  ]);
  const month = period(utcDay(monthStart), monthRows, pricePer1000Usd);
  // The daily rate over the time elapsed this month, at least one day, so the first hours of a
  // month do not extrapolate a few requests into a large bill.
  const elapsedDays = Math.max(1, (now.getTime() - monthStart.getTime()) / DAY_MS);
  const projectedTotal = Math.round((month.total / elapsedDays) * daysInMonth);
  return {
    pricePer1000Usd,
    today: period(today, todayRows, pricePer1000Usd),
    month: {
      ...month,
      projectedTotal,
      projectedCostUsd: costOf(projectedTotal, pricePer1000Usd),
      answeredMessages,
      costPerAnsweredMessageUsd: answeredMessages > 0 ? roundUsd((month.total * pricePer1000Usd) / 1000 / answeredMessages) : null,
    },
  };
}
