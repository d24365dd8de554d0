import { withOrg } from "@/lib/auth/with-org";
import { NO_STORE, rulesContext } from "@/lib/rules-service/route-context";
import { exportFileName, exportRules } from "@/lib/rules-service/rules-file";
import { BotParamsSchema } from "@/lib/validation/bot";

export const dynamic = "force-dynamic";

/** The bot's rules and settings as a versioned JSON file, offered as a download. */
export const GET = withOrg(
  async (_request, org) => {
    const file = await exportRules(rulesContext(org), org.params.botId);
    return new Response(`${JSON.stringify(file, null, 2)}\n`, {
      headers: {
        ...NO_STORE,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exportFileName(file)}"`,
      },
    });
  },
  { params: BotParamsSchema },
);
