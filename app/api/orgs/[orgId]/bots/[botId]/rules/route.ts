import { withOrg } from "@/lib/auth/with-org";
import { readJsonBody } from "@/lib/http/read-json";
import { createRuleForBot, listRules } from "@/lib/rules-service/manage-rules";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { BotParamsSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/** The bot's rules in evaluation order, each with its lint warnings. Every member may look. */
export const GET = withOrg(
  async (_request, org) => {
    return Response.json(await listRules(rulesContext(org), org.params.botId), { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);

/** Adds a rule at the end of the list; 422 names the field when the rule is not valid. */
export const POST = withOrg(
  async (request, org) => {
    const rule = await createRuleForBot(rulesContext(org), org.params.botId, await readJsonBody(request));
    return Response.json({ rule }, { status: 201, headers: NO_STORE });
  },
  { params: BotParamsSchema },
);
