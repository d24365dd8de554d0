import { withOrg } from "@/lib/auth/with-org";
import { botServiceContext } from "@/lib/bots/bot-context";
import { storedBotView } from "@/lib/bots/bot-view";
import { adoptBot } from "@/lib/bots/manage-bots";
import { readJsonBody } from "@/lib/http/read-json";
import { AdoptBotSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/**
 * Manages a bot that was created outside Botdesk. Its secret is reset (livechat-api.md 2.5), so
 * whatever used the old one can no longer issue bot tokens for it.
 */
export const POST = withOrg(async (request, org) => {
  const { livechatBotId } = AdoptBotSchema.parse(await readJsonBody(request));
  const ctx = await botServiceContext(org, "manage");
  const bot = await adoptBot(ctx, livechatBotId);
  return Response.json({ bot: storedBotView(bot, ctx.isConnectionReady ?? false) }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
