import { withOrg } from "@/lib/auth/with-org";
import { readJsonBody } from "@/lib/http/read-json";
import { reorderRulesOfBot } from "@/lib/rules-service/manage-rules";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { BotParamsSchema } from "@/lib/validation/bot";
import { ReorderRulesSchema } from "@/lib/validation/rules-api";

export const dynamic = "force-dynamic";

/** Puts the rules in the order given; the list must name every rule of the bot once (409 otherwise). */
export const PUT = withOrg(
  async (request, org) => {
    const { ruleIds } = ReorderRulesSchema.parse(await readJsonBody(request));
    const rules = await reorderRulesOfBot(rulesContext(org), org.params.botId, ruleIds);
    return Response.json({ rules }, { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);
