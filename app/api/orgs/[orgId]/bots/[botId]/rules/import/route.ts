import { withOrg } from "@/lib/auth/with-org";
import { RULES_IMPORT_BODY_LIMIT_BYTES } from "@/lib/http/limited-body";
import { readJsonBody } from "@/lib/http/read-json";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { importRules } from "@/lib/rules-service/rules-file";
import { BotParamsSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/**
 * Replaces the bot's rules and rule settings with a rules file (the export format, up to 10 MiB).
 * Every rule is checked first; any problem answers 422 listing each one, and nothing changes.
 */
export const POST = withOrg(
  async (request, org) => {
    const file = await readJsonBody(request, { limitBytes: RULES_IMPORT_BODY_LIMIT_BYTES });
    const result = await importRules(rulesContext(org), org.params.botId, file);
    return Response.json(result, { headers: NO_STORE });
  },
  { params: BotParamsSchema },
);
