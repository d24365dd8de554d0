import { withOrg } from "@/lib/auth/with-org";
import { readJsonBody } from "@/lib/http/read-json";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { getRuleSettings, putRuleSettings } from "@/lib/rules-service/rule-settings";
import { BotParamsSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/** Fallback reply, hand-over after N unmatched messages, reply cap (defaults filled in). */
export const GET = withOrg(
  async (_request, org) => {
    return Response.json({ settings: await getRuleSettings(rulesContext(org), org.params.botId) }, { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);

/** Replaces the settings; fields left out are turned off (or back to their default). */
export const PUT = withOrg(
  async (request, org) => {
    const settings = await putRuleSettings(rulesContext(org), org.params.botId, await readJsonBody(request));
    return Response.json({ settings }, { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);
