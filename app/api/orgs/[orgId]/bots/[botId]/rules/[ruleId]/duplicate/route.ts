import { withOrg } from "@/lib/auth/with-org";
import { discardBody } from "@/lib/http/limited-body";
import { duplicateRuleOfBot } from "@/lib/rules-service/manage-rules";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { RuleParamsSchema } from "@/lib/validation/rules-api";

export const dynamic = "force-dynamic";

/** A copy of the rule, placed right below it and named "… (copy)". */
export const POST = withOrg(
  async (request, org) => {
    await discardBody(request);
    const rule = await duplicateRuleOfBot(rulesContext(org), org.params.botId, org.params.ruleId);
    return Response.json({ rule }, { status: 201, headers: NO_STORE });
  },
  { params: RuleParamsSchema },
);
