// The one HTTP origin that plays both accounts.livechat.com and api.livechatinc.com, plus the
// emulator's own pages and control API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isAccountsRoute, handleAccountsApi } from "./accounts-api";
import { AGENT_WEB_PREFIX, handleAgentWebApi } from "./agent-web-api";
import { AuthorizeFlow } from "./authorize";
import { CONFIGURATION_PREFIX, handleConfigurationApi } from "./configuration-api";
import type { EmulatorContext } from "./context";
import { CONTROL_PREFIX, handleControlApi } from "./control-api";
import { customerPage } from "./customer-page";
import type { Emulator } from "./emulator";
import { sendHtml, sendJson } from "./http-util";
import { RtmServer } from "./rtm-server";
import { handleTokenEndpoint } from "./token-endpoint";

async function route(ctx: EmulatorContext, emulator: () => Emulator, authorize: AuthorizeFlow, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const path = url.pathname;
  const method = req.method ?? "GET";
  if (path.startsWith(AGENT_WEB_PREFIX)) return handleAgentWebApi(ctx, req, res, path.slice(AGENT_WEB_PREFIX.length));
  if (path.startsWith(CONFIGURATION_PREFIX)) return handleConfigurationApi(ctx, req, res, path.slice(CONFIGURATION_PREFIX.length));
  if (path.startsWith(CONTROL_PREFIX)) return handleControlApi(emulator(), req, res, url);
  if (method === "POST" && path === "/v2/token") return handleTokenEndpoint(ctx, req, res);
  if (isAccountsRoute(method, path) || path.startsWith("/v2/")) return handleAccountsApi(ctx, req, res, url);
  if (method === "GET" && path === "/") return authorize.handleGet(req, res, url);
  if (method === "POST" && path === "/authorize") return authorize.handlePost(req, res);
  if (method === "GET" && path === "/ooops") return authorize.handleOoops(res, url);
  if (method === "GET" && path === "/customer") return sendHtml(res, 200, customerPage());
  if (method === "GET" && path === "/favicon.ico") {
    res.writeHead(204);
    return void res.end();
  }
  sendJson(res, 404, { error: { type: "not_found", message: `No route ${method} ${path}` } });
}

export function createEmulatorServer(ctx: EmulatorContext, emulator: () => Emulator): { server: Server; rtm: RtmServer } {
  const authorize = new AuthorizeFlow(ctx);
  const rtm = new RtmServer(ctx);
  const server = createServer((req, res) => {
    // Every request but a GET may change something (token grants and revocations, API calls, the
    // sign-in step, control actions); GETs only read.
    if (req.method !== "GET" && req.method !== "HEAD") res.once("close", () => ctx.changes.changed());
    route(ctx, emulator, authorize, req, res).catch((error: unknown) => {
      console.error("emulator: request failed", error);
      sendJson(res, 500, { error: { type: "internal", message: "Internal server error" } });
    });
  });
  server.on("upgrade", (req, socket, head) => rtm.handleUpgrade(req, socket, head));
  return { server, rtm };
}
