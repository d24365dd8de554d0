import { withOrg } from "@/lib/auth/with-org";
import { discardBody } from "@/lib/http/limited-body";
import { readJsonBody } from "@/lib/http/read-json";
import { deleteRuleOfBot, getRule, updateRuleOfBot } from "@/lib/rules-service/manage-rules";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { RuleParamsSchema, RulePatchSchema } from "@/lib/validation/rules-api";

export const dynamic = "force-dynamic";

export const GET = withOrg(
  async (_request, org) => {
    const rule = await getRule(rulesContext(org), org.params.botId, org.params.ruleId);
    return Response.json({ rule }, { headers: NO_STORE });
  },
  { params: RuleParamsSchema },
);

/** Changes the fields sent (name, enabled, definition); the resulting rule is validated whole. */
export const PATCH = withOrg(
  async (request, org) => {
    const patch = RulePatchSchema.parse(await readJsonBody(request));
    const rule = await updateRuleOfBot(rulesContext(org), org.params.botId, org.params.ruleId, patch);
    return Response.json({ rule }, { headers: NO_STORE });
  },
  { params: RuleParamsSchema },
);

/** Deletes the rule; the rules below it move up. */
export const DELETE = withOrg(
  async (request, org) => {
    await discardBody(request);
    await deleteRuleOfBot(rulesContext(org), org.params.botId, org.params.ruleId);
    return new Response(null, { status: 204, headers: NO_STORE });
  },
  { params: RuleParamsSchema },
);
