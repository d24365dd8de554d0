// The Bots page's data for any member. When the member's own LiveChat authorization cannot be
// used (LiveChat stopped accepting it), the bots Botdesk stores are still listed, with the reason.
import type { OrgContext } from "../auth/org-context";
import { listBotsByOrgId } from "../data/bots";
import { AppError } from "../errors";
import { botServiceContext } from "./bot-context";
import { mergeBotViews } from "./bot-view";
import { listBots, listGroups, type BotServiceContext, type BotsOverview } from "./manage-bots";

export interface GroupSummary {
  id: number;
  name: string;
}

async function storedOverview(org: OrgContext, error: AppError): Promise<BotsOverview> {
  const reason = typeof error.details?.reason === "string" ? error.details.reason : error.code;
  const [stored, connection] = await Promise.all([
    listBotsByOrgId(org.db, { orgId: org.org.id }),
    org.db.orgConnection.findUnique({ where: { orgId: org.org.id }, select: { state: true } }),
  ]);
  return {
    bots: mergeBotViews({ stored, liveChat: null, statuses: new Map(), isConnectionReady: connection?.state === "ready" }),
    liveChatError: { type: reason, message: error.message },
  };
}

async function withViewContext<T>(org: OrgContext, read: (ctx: BotServiceContext) => Promise<T>, fallback: (error: AppError) => Promise<T>) {
  let ctx: BotServiceContext;
  try {
    ctx = await botServiceContext(org, "view");
  } catch (error) {
    if (error instanceof AppError) return fallback(error);
    throw error;
  }
  return read(ctx);
}

export function getBotsOverview(org: OrgContext): Promise<BotsOverview> {
  return withViewContext(org, listBots, (error) => storedOverview(org, error));
}

/** The list and the groups (for their names), read with one LiveChat authorization. */
export function getBotsPageData(org: OrgContext): Promise<{ overview: BotsOverview; groups: GroupSummary[] | null }> {
  return withViewContext(
    org,
    async (ctx) => {
      const [overview, groups] = await Promise.all([
        listBots(ctx),
        listGroups(ctx).then(
          (list) => list.map(({ id, name }) => ({ id, name })),
          () => null, // the page loads them again; the list matters more
        ),
      ]);
      return { overview, groups };
    },
    async (error) => ({ overview: await storedOverview(org, error), groups: null }),
  );
}
