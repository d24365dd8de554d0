// `Legacy` / `Deprecation` headers LiveChat answered with lately (livechat-api.md 10.2: a legacy or
// deprecated API version says when it ends). They describe the API version this Botdesk installation
// calls, not one organization's data, so the table has no organization column and every member sees
// them.
import type { Db } from "../db";

/** Notices not seen again for this long are considered gone (LiveChat stopped sending them). */
export const NOTICE_VISIBLE_DAYS = 30;
/** A handful is all a banner can show; more distinct values would be a LiveChat oddity. */
const MAX_NOTICES = 10;

export interface LiveChatNoticeView {
  header: string;
  value: string;
  /** The last request LiveChat answered with it. */
  action: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export function listRecentLiveChatNotices(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<LiveChatNoticeView[]> {
  return db.liveChatNotice.findMany({
    where: { lastSeenAt: { gte: new Date(now.getTime() - NOTICE_VISIBLE_DAYS * 86_400_000) } },
    orderBy: [{ lastSeenAt: "desc" }, { header: "asc" }],
    take: MAX_NOTICES,
    select: { header: true, value: true, action: true, firstSeenAt: true, lastSeenAt: true },
  });
}
