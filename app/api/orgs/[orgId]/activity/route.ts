import { withOrg } from "@/lib/auth/with-org";
import { listActivityByOrgId } from "@/lib/data/activity";
import { ActivitySearchParamsSchema, searchParamsRecord } from "@/lib/validation/activity";

export const dynamic = "force-dynamic";

/** What the bots did, newest first: `?bot=&rule=&outcome=` filter, `?cursor=` pages back. */
export const GET = withOrg(
  async (request, ctx) => {
    const query = ActivitySearchParamsSchema.parse(searchParamsRecord(new URL(request.url).searchParams));
    const page = await listActivityByOrgId(ctx.db, {
      orgId: ctx.org.id,
      ...(query.bot ? { botId: query.bot } : {}),
      ...(query.rule ? { ruleId: query.rule } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      limit: query.limit,
    });
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view" },
);
