import { getDb } from "@/lib/db";
import { webEnv } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { receiveWebhook } from "@/lib/webhooks/receive";

export const dynamic = "force-dynamic";

// POST /api/livechat/webhooks – LiveChat's bot webhook deliveries (livechat-api.md 7.2). Public: a
// delivery proves itself with the installation's secret_key, checked in lib/webhooks/receive.ts.
export async function POST(request: Request): Promise<Response> {
  const env = webEnv();
  return receiveWebhook(request, {
    db: getDb(),
    clientId: env.LIVECHAT_CLIENT_ID,
    keyring: env.TOKEN_ENCRYPTION_KEYS,
    log: createLogger({ scope: "webhooks" }, { level: env.LOG_LEVEL }),
  });
}
