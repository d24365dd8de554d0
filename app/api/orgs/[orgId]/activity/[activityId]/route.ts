import { withOrg } from "@/lib/auth/with-org";
import { getActivityById } from "@/lib/data/activity";
import { ActivityParamsSchema } from "@/lib/validation/activity";

export const dynamic = "force-dynamic";

/** One activity entry with the full trace of the rule evaluation. */
export const GET = withOrg(
  async (_request, ctx) => {
    const activity = await getActivityById(ctx.db, { orgId: ctx.org.id, activityId: ctx.params.activityId });
    return Response.json({ activity }, { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view", params: ActivityParamsSchema },
);
