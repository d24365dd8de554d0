import { withOrg } from "@/lib/auth/with-org";
import { botServiceContext } from "@/lib/bots/bot-context";
import { storedBotView } from "@/lib/bots/bot-view";
import { getBotsOverview } from "@/lib/bots/bots-overview";
import { createBot } from "@/lib/bots/manage-bots";
import { readJsonBody } from "@/lib/http/read-json";
import { BotInputSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** The organization's bots: LiveChat's list merged with what Botdesk stores. Every member may look. */
export const GET = withOrg(async (_request, org) => {
  return Response.json(await getBotsOverview(org), { headers: NO_STORE });
});

/** Creates a bot in LiveChat, owned by this app, and stores its secret sealed. */
export const POST = withOrg(async (request, org) => {
  const input = BotInputSchema.parse(await readJsonBody(request));
  const ctx = await botServiceContext(org, "manage");
  const bot = await createBot(ctx, input);
  return Response.json({ bot: storedBotView(bot, ctx.isConnectionReady ?? false) }, { status: 201, headers: NO_STORE });
});
