import { withOrg } from "@/lib/auth/with-org";
import { getWorkerPageData } from "@/lib/data/worker-status";
import { webEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

// GET /api/orgs/[orgId]/worker – every worker (last beat, organizations owned), this organization's
// RTM connection, how new chats reach the worker, this month's LiveChat requests and their cost,
// and LiveChat's version notices.
export const GET = withOrg(
  async (_request, ctx) => {
    const data = await getWorkerPageData(ctx.db, { orgId: ctx.org.id, pricePer1000Usd: webEnv().LIVECHAT_PRICE_PER_1000_REQUESTS_USD });
    return Response.json(data, { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view" },
);
