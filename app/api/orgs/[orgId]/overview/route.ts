import { withOrg } from "@/lib/auth/with-org";
import { getOverviewByOrgId } from "@/lib/data/overview";

export const dynamic = "force-dynamic";

/** Bots, worker health, today's numbers and the warnings that need someone to act. */
export const GET = withOrg(
  async (_request, ctx) => {
    return Response.json(await getOverviewByOrgId(ctx.db, { orgId: ctx.org.id }), { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view" },
);
