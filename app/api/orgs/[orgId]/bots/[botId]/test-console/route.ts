import { withOrg } from "@/lib/auth/with-org";
import { readJsonBody } from "@/lib/http/read-json";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { runTestConsole } from "@/lib/rules-service/test-console";
import { BotParamsSchema } from "@/lib/validation/bot";
import { TestConsoleInputSchema } from "@/lib/validation/rules-api";

export const dynamic = "force-dynamic";

/**
 * Runs one customer message through the worker's engine on the saved rules (or the drafts sent)
 * and answers what would happen, with every rule's trace. Stores nothing, so every member may use
 * it: within the body limit, the input's bounds and a CPU-time budget (lib/rules-service/test-console.ts).
 */
export const POST = withOrg(
  async (request, org) => {
    const input = TestConsoleInputSchema.parse(await readJsonBody(request));
    return Response.json(await runTestConsole(rulesContext(org), org.params.botId, input), { headers: NO_STORE });
  },
  { params: BotParamsSchema, access: "view" },
);
