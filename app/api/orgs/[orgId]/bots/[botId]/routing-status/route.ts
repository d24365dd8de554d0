import { withOrg } from "@/lib/auth/with-org";
import { botServiceContext } from "@/lib/bots/bot-context";
import { storedBotView } from "@/lib/bots/bot-view";
import { changeRoutingStatus } from "@/lib/bots/manage-bots";
import { readJsonBody } from "@/lib/http/read-json";
import { BotParamsSchema, SetRoutingStatusSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/**
 * Stores the wanted routing status (the worker keeps applying it) and applies it in LiveChat at
 * once (livechat-api.md 3.3).
 */
export const PUT = withOrg(
  async (request, org) => {
    const { status } = SetRoutingStatusSchema.parse(await readJsonBody(request));
    const ctx = await botServiceContext(org, "manage");
    const bot = await changeRoutingStatus(ctx, org.params.botId, status);
    return Response.json({ bot: storedBotView(bot, ctx.isConnectionReady ?? false) }, { headers: { "Cache-Control": "no-store" } });
  },
  { params: BotParamsSchema },
);
