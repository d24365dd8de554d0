import { withOrg } from "@/lib/auth/with-org";
import { botServiceContext } from "@/lib/bots/bot-context";
import { storedBotView } from "@/lib/bots/bot-view";
import { deleteBot, getBot, updateBot } from "@/lib/bots/manage-bots";
import { discardBody } from "@/lib/http/limited-body";
import { readJsonBody } from "@/lib/http/read-json";
import { BotParamsSchema, BotPatchSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** One managed bot, as LiveChat and Botdesk have it now. */
export const GET = withOrg(
  async (_request, org) => {
    const ctx = await botServiceContext(org, "view");
    return Response.json(await getBot(ctx, org.params.botId), { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);

/** Changes the fields sent, in LiveChat first, then here. */
export const PATCH = withOrg(
  async (request, org) => {
    const patch = BotPatchSchema.parse(await readJsonBody(request));
    const ctx = await botServiceContext(org, "manage");
    const bot = await updateBot(ctx, org.params.botId, patch);
    return Response.json({ bot: storedBotView(bot, ctx.isConnectionReady ?? false) }, { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);

/** Deletes the bot in LiveChat and here, with its rules. */
export const DELETE = withOrg(
  async (request, org) => {
    await discardBody(request);
    await deleteBot(await botServiceContext(org, "manage"), org.params.botId);
    return new Response(null, { status: 204, headers: NO_STORE });
  },
  { params: BotParamsSchema },
);
