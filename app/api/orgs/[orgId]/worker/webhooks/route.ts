import { withOrg } from "@/lib/auth/with-org";
import { registerWebhooksAgain } from "@/lib/data/webhook-intake";
import { discardBody } from "@/lib/http/limited-body";

export const dynamic = "force-dynamic";

// POST /api/orgs/[orgId]/worker/webhooks – registers this installation's LiveChat bot webhooks again
// (livechat-api.md 7.1) and answers the new registration. Owners and administrators only.
export const POST = withOrg(
  async (request, ctx) => {
    await discardBody(request);
    const webhooks = await registerWebhooksAgain(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id });
    return Response.json({ webhooks }, { headers: { "Cache-Control": "no-store" } });
  },
  { access: "manage" },
);
