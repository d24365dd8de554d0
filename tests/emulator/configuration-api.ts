// Configuration API v3.6: `POST /v3.6/configuration/action/<action>` (livechat-api.md 2).
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, serveApiCall } from "./api-call";
import { ApiError } from "./api-error";
import {
  createBot,
  deleteBot,
  getBot,
  issueBotToken,
  listBots,
  resetBotSecret,
  updateBot,
  type ConfigAction,
} from "./bot-actions";
import type { EmulatorContext } from "./context";
import { getAgent, listAgents, listGroups } from "./directory-actions";
import { ownAction } from "./own-action";
import { listWebhookNames, listWebhooks, registerWebhook, unregisterWebhook } from "./webhook-actions";

export const CONFIGURATION_PREFIX = "/v3.6/configuration/action/";

const ACTIONS: Readonly<Record<string, ConfigAction>> = {
  create_bot: createBot,
  list_bots: listBots,
  get_bot: getBot,
  update_bot: updateBot,
  delete_bot: deleteBot,
  reset_bot_secret: resetBotSecret,
  issue_bot_token: issueBotToken,
  list_groups: listGroups,
  list_agents: listAgents,
  get_agent: getAgent,
  register_webhook: registerWebhook,
  list_webhooks: listWebhooks,
  unregister_webhook: unregisterWebhook,
};

/** Actions that need no token (livechat-api.md 7.1: `list_webhook_names`, "no auth"). */
const PUBLIC_ACTIONS: Readonly<Record<string, (payload: unknown) => unknown>> = {
  list_webhook_names: listWebhookNames,
};

export async function handleConfigurationApi(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
  const configAction = ownAction(ACTIONS, action);
  const publicAction = ownAction(PUBLIC_ACTIONS, action);
  await serveApiCall(
    ctx,
    req,
    res,
    "configuration",
    action,
    publicAction
      ? // No token needed; a valid one still tells the log (and the bill) whose call it was.
        (payload) => publicAction(payload)
      : configAction &&
          ((payload, request, meta) => {
            const requester = authenticate(ctx, request, meta);
            // livechat-api.md 2.6: a bot token is for the Agent Chat Web API as the bot.
            if (requester.kind === "bot") throw new ApiError("authorization", "Bot tokens cannot call the Configuration API");
            return configAction(ctx, requester, payload);
          }),
  );
}
