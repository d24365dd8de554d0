import { withOrg } from "@/lib/auth/with-org";
import { botServiceContext } from "@/lib/bots/bot-context";
import { storedBotView } from "@/lib/bots/bot-view";
import { resetSecret } from "@/lib/bots/manage-bots";
import { discardBody } from "@/lib/http/limited-body";
import { BotParamsSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/**
 * Has LiveChat issue the bot a new secret and stores it sealed (livechat-api.md 2.5). The secret
 * itself is never sent to the browser.
 */
export const POST = withOrg(
  async (request, org) => {
    await discardBody(request);
    const ctx = await botServiceContext(org, "manage");
    const bot = await resetSecret(ctx, org.params.botId);
    return Response.json({ bot: storedBotView(bot, ctx.isConnectionReady ?? false) }, { headers: { "Cache-Control": "no-store" } });
  },
  { params: BotParamsSchema },
);
