import { withOrg } from "@/lib/auth/with-org";
import { getWorkerStatus } from "@/lib/data/worker-status";

export const dynamic = "force-dynamic";

/** Every worker (last beat, organizations owned) and this organization's RTM connection. */
export const GET = withOrg(
  async (_request, ctx) => {
    return Response.json(await getWorkerStatus(ctx.db, { orgId: ctx.org.id }), { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view" },
);
