import { withOrg } from "@/lib/auth/with-org";
import { getRuleStatsByOrgId } from "@/lib/data/rule-stats";
import { RuleStatsSearchParamsSchema, searchParamsRecord } from "@/lib/validation/activity";

export const dynamic = "force-dynamic";

/** Per rule: firings in the last 24 h and 7 days and the last one; the messages nothing matched. */
export const GET = withOrg(
  async (request, ctx) => {
    const query = RuleStatsSearchParamsSchema.parse(searchParamsRecord(new URL(request.url).searchParams));
    const stats = await getRuleStatsByOrgId(ctx.db, { orgId: ctx.org.id, ...(query.bot ? { botId: query.bot } : {}) });
    return Response.json(stats, { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view" },
);
