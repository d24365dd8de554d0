import { withOrg } from "@/lib/auth/with-org";
import { getTeamByOrgId } from "@/lib/data/team";

export const dynamic = "force-dynamic";

/** Everyone of the organization who has signed in, and who holds the worker connection. */
export const GET = withOrg(async (_request, ctx) => {
  return Response.json(await getTeamByOrgId(ctx.db, { orgId: ctx.org.id }), { headers: { "Cache-Control": "no-store" } });
});
