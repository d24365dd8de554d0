// Agent Chat Web API v3.6: `POST /v3.6/agent/action/<action>` (livechat-api.md 3).
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, serveApiCall } from "./api-call";
import { CHAT_ACTIONS } from "./chat-actions";
import type { EmulatorContext } from "./context";
import { ownAction } from "./own-action";

export const AGENT_WEB_PREFIX = "/v3.6/agent/action/";

export async function handleAgentWebApi(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
  const chatAction = ownAction(CHAT_ACTIONS, action);
  await serveApiCall(
    ctx,
    req,
    res,
    "agent-web",
    action,
    chatAction &&
      ((payload, request, meta) => {
        const requester = authenticate(ctx, request, meta);
        return chatAction({ ctx, requester, surface: "agent-web" }, payload);
      }),
  );
}
