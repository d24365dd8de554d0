// What the bots did with customer messages (rows the worker writes), for the Activity feed:
// newest first, filtered by bot, rule and outcome, paged by a keyset cursor so new rows arriving
// while someone scrolls never shift or repeat a page.
import { AppError } from "../errors";
import { StoredActivityTraceSchema, type ActivityTraceView } from "../insights/activity-trace";
import type { ActivityOutcome } from "../validation/activity";
import type { DbClient } from "./db-client";

export interface ActivityItem {
  id: string;
  createdAt: string;
  outcome: ActivityOutcome;
  botId: string | null;
  botName: string | null;
  ruleId: string | null;
  ruleName: string | null;
  chatId: string | null;
  messageText: string | null;
  detail: string | null;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface ActivityDetail extends ActivityItem {
  eventId: string | null;
  /**
   * null when the worker stored no trace (a missed message) or it can't be read. Rows store the
   * deciding rule's entry and a `summary` of the others; older rows have every rule in `rules`.
   */
  trace: ActivityTraceView | null;
}

const ITEM_SELECT = {
  id: true, createdAt: true, outcome: true, botId: true, ruleId: true, ruleName: true, chatId: true, messageText: true, detail: true,
} as const;

type ItemRow = { id: string; createdAt: Date; outcome: string; botId: string | null; ruleId: string | null; ruleName: string | null; chatId: string | null; messageText: string | null; detail: string | null };

/** Cursor = the last row's `createdAt` and `id`: rows strictly older in (createdAt, id) order. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("validation", "The page cursor is not valid; reload the list.", { field: "cursor" });
  return { createdAt, id };
}

export function olderThan(cursor: string | undefined) {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

async function botNames(db: DbClient, orgId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const bots = await db.bot.findMany({ where: { orgId, id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(bots.map((bot) => [bot.id, bot.name]));
}

function toItem(row: ItemRow, names: Map<string, string>): ActivityItem {
  return { ...row, createdAt: row.createdAt.toISOString(), outcome: row.outcome as ActivityOutcome, botName: row.botId ? (names.get(row.botId) ?? null) : null };
}

export async function listActivityByOrgId(
  db: DbClient,
  input: { orgId: string; botId?: string; ruleId?: string; outcome?: ActivityOutcome; cursor?: string; limit?: number },
): Promise<ActivityPage> {
  const limit = input.limit ?? 30;
  const rows = await db.activity.findMany({
    where: {
      orgId: input.orgId,
      ...(input.botId ? { botId: input.botId } : {}),
      ...(input.ruleId ? { ruleId: input.ruleId } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...olderThan(input.cursor),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: ITEM_SELECT,
  });
  const page = rows.slice(0, limit);
  const names = await botNames(db, input.orgId, page.map((row) => row.botId));
  const last = page[page.length - 1];
  return { items: page.map((row) => toItem(row, names)), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export async function getActivityById(db: DbClient, input: { orgId: string; activityId: string }): Promise<ActivityDetail> {
  const row = await db.activity.findFirst({ where: { id: input.activityId, orgId: input.orgId }, select: { ...ITEM_SELECT, eventId: true, trace: true } });
  if (!row) throw new AppError("not_found", "That activity entry was not found.");
  const { trace, eventId, ...item } = row;
  const names = await botNames(db, input.orgId, [row.botId]);
  return { ...toItem(item, names), eventId, trace: parseTrace(trace) };
}

function parseTrace(text: string | null): ActivityTraceView | null {
  if (!text) return null;
  try {
    const parsed = StoredActivityTraceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface ActivityFilterOptions {
  bots: { id: string; name: string }[];
  rules: { id: string; name: string; botId: string }[];
}

/** The bots and rules the Activity filters offer. */
export async function listActivityFilterOptions(db: DbClient, input: { orgId: string }): Promise<ActivityFilterOptions> {
  const [bots, rules] = await Promise.all([
    db.bot.findMany({ where: { orgId: input.orgId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.rule.findMany({ where: { orgId: input.orgId }, orderBy: [{ botId: "asc" }, { position: "asc" }], select: { id: true, name: true, botId: true } }),
  ]);
  return { bots, rules };
}
