// HTTP twin of the in-process control methods, under `/_emulator/…`: used by the customer page,
// the demo and tests in other processes. JSON in, JSON out; not part of LiveChat, not logged.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { HTTP_STATUS_BY_ERROR_TYPE, type ApiErrorType } from "./api-error";
import { apiNoticesSchema } from "./api-notices";
import { ControlError } from "./control-error";
import type { Emulator } from "./emulator";
import { parseJsonObject, readBody, sendJson } from "./http-util";
import { SeedError } from "./seed";
import { MAX_WEBHOOK_RETRIES } from "./timings";

export const CONTROL_PREFIX = "/_emulator/";

const faultSurfaces = z.array(z.enum(["configuration", "agent-web", "accounts"])).optional();
const counted = { count: z.number().int().min(1), surfaces: faultSurfaces, actions: z.array(z.string()).optional() };
const orgFilter = z.object({ organizationId: z.string().optional() });
const surfaceSchema = z.enum(["authorize", "accounts", "configuration", "agent-web", "rtm"]).optional();
const routingStatus = z.enum(["accepting_chats", "not_accepting_chats", "offline"]);

type Handler = (emulator: Emulator, body: Record<string, unknown>, url: URL, params: string[]) => unknown;

function param(url: URL, name: string): string | undefined {
  return url.searchParams.get(name) ?? undefined;
}

const FAULTS: Record<string, Handler> = {
  "drop-sockets": (e, body) => ({ affected: e.faults.dropSockets(orgFilter.parse(body)) }),
  "half-open-sockets": (e, body) => ({ affected: e.faults.halfOpenSockets(orgFilter.parse(body)) }),
  "expire-access-tokens": (e, body) => ({ affected: e.faults.expireAccessTokens(z.object({ account: z.string().optional() }).parse(body)) }),
  "revoke-refresh-tokens": (e, body) => ({
    affected: e.faults.revokeRefreshTokens(z.object({ refreshToken: z.string().optional(), account: z.string().optional() }).parse(body)),
  }),
  disconnect: (e, body) => ({
    affected: e.faults.disconnect(
      z.object({ organizationId: z.string().optional(), reason: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() }).parse(body),
    ),
  }),
  "rate-limit": (e, body) => e.faults.rateLimit(z.object({ ...counted, retryAfterSec: z.number().int().min(0) }).parse(body)),
  "server-errors": (e, body) => e.faults.serverErrors(z.object({ ...counted, type: z.enum(["internal", "service_unavailable"]).optional() }).parse(body)),
  "api-errors": (e, body) =>
    e.faults.apiErrors(
      z
        .object({
          count: counted.count,
          actions: counted.actions,
          surfaces: z.array(z.enum(["configuration", "agent-web"])).optional(),
          type: z.enum(Object.keys(HTTP_STATUS_BY_ERROR_TYPE) as [ApiErrorType, ...ApiErrorType[]]),
          message: z.string().min(1),
          data: z.record(z.string(), z.unknown()).optional(),
        })
        .parse(body),
    ),
  latency: (e, body) => e.faults.latency(z.object({ httpMs: z.number().min(0).optional(), rtmMs: z.number().min(0).optional() }).parse(body)),
  "reset-bot-statuses": (e, body) => ({ affected: e.faults.resetBotStatuses(orgFilter.parse(body)) }),
  "webhook-drop": (e, body) => e.faults.webhookDrop(z.strictObject({ count: z.number().int().min(1).optional() }).parse(body)),
  "webhook-delay": (e, body) => e.faults.webhookDelay(z.strictObject({ ms: z.number().min(0) }).parse(body)),
  "webhook-duplicate": (e, body) => e.faults.webhookDuplicate(z.strictObject({ enabled: z.boolean().optional() }).parse(body)),
  clear: (e) => e.faults.clear(),
};

const ROUTES: { method: string; pattern: RegExp; handler: Handler }[] = [
  { method: "GET", pattern: /^organizations$/, handler: (e) => e.organizations() },
  { method: "POST", pattern: /^seed$/, handler: (e, body) => e.seed(body) },
  {
    method: "POST",
    pattern: /^chats$/,
    handler: (e, body) =>
      e.startChat(
        z
          .object({
            organizationId: z.string(),
            groupId: z.number().int().optional(),
            customer: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
            message: z.string().optional(),
          })
          .parse(body),
      ),
  },
  { method: "GET", pattern: /^chats$/, handler: (e, _body, url) => e.listChats(url.searchParams.get("organizationId") ?? undefined) },
  { method: "GET", pattern: /^chats\/([^/]+)$/, handler: (e, _b, _u, [id]) => e.getChat(id ?? "") },
  { method: "GET", pattern: /^chats\/([^/]+)\/transcript$/, handler: (e, _b, _u, [id]) => e.getTranscript(id ?? "") },
  {
    method: "POST",
    pattern: /^chats\/([^/]+)\/customer-messages$/,
    handler: (e, body, _u, [id]) => e.sendCustomerMessage(id ?? "", z.object({ text: z.string() }).parse(body).text),
  },
  {
    method: "POST",
    pattern: /^chats\/([^/]+)\/agent-join$/,
    handler: (e, body, _u, [id]) => {
      const input = z.object({ agent: z.string(), mode: z.enum(["take_over", "join"]).optional() }).parse(body);
      e.agentJoinChat(id ?? "", input.agent, { mode: input.mode });
    },
  },
  {
    method: "POST",
    pattern: /^chats\/([^/]+)\/agent-messages$/,
    handler: (e, body, _u, [id]) => {
      const input = z.object({ agent: z.string(), text: z.string() }).parse(body);
      return e.agentSendMessage(id ?? "", input.agent, input.text);
    },
  },
  { method: "POST", pattern: /^chats\/([^/]+)\/close$/, handler: (e, body, _u, [id]) => e.closeChat(id ?? "", z.object({ by: z.string().optional() }).parse(body).by) },
  {
    method: "POST",
    pattern: /^tokens$/,
    handler: (e, body) => {
      const input = z.object({ account: z.string(), clientId: z.string(), scopes: z.array(z.string()).optional(), ttlSec: z.number().int().min(0).optional() }).parse(body);
      return e.issueTokensFor(input.account, input.clientId, { scopes: input.scopes, ttlSec: input.ttlSec });
    },
  },
  {
    method: "POST",
    pattern: /^routing-status$/,
    handler: (e, body) => {
      const input = z.object({ organizationId: z.string(), agentId: z.string(), status: routingStatus }).parse(body);
      e.setRoutingStatus(input.organizationId, input.agentId, input.status);
    },
  },
  { method: "GET", pattern: /^bots$/, handler: (e, _b, url) => e.bots(url.searchParams.get("organizationId") ?? undefined) },
  {
    method: "GET",
    pattern: /^requests$/,
    handler: (e, _b, url) => {
      const q = url.searchParams;
      return e.requestLog({
        surface: surfaceSchema.parse(q.get("surface") ?? undefined),
        action: q.get("action") ?? undefined,
        organizationId: q.get("organizationId") ?? undefined,
        sinceSeq: q.has("sinceSeq") ? Number(q.get("sinceSeq")) : undefined,
      });
    },
  },
  {
    method: "GET",
    pattern: /^pushes$/,
    handler: (e, _b, url) =>
      e.pushLog({
        action: url.searchParams.get("action") ?? undefined,
        connectionId: url.searchParams.get("connectionId") ?? undefined,
        sinceSeq: url.searchParams.has("sinceSeq") ? Number(url.searchParams.get("sinceSeq")) : undefined,
      }),
  },
  { method: "DELETE", pattern: /^requests$/, handler: (e) => e.clearLog() },
  { method: "GET", pattern: /^webhooks$/, handler: (e, _b, url) => e.webhooks({ ownerClientId: param(url, "ownerClientId"), action: param(url, "action") }) },
  {
    method: "GET",
    pattern: /^webhook-deliveries$/,
    handler: (e, _b, url) =>
      e.webhookDeliveries({
        webhookId: param(url, "webhookId"),
        action: param(url, "action"),
        organizationId: param(url, "organizationId"),
        sinceSeq: url.searchParams.has("sinceSeq") ? Number(url.searchParams.get("sinceSeq")) : undefined,
      }),
  },
  { method: "DELETE", pattern: /^webhook-deliveries$/, handler: (e) => e.clearWebhookDeliveries() },
  { method: "GET", pattern: /^billing$/, handler: (e, _b, url) => e.requestCounts({ organizationId: param(url, "organizationId") }) },
  { method: "POST", pattern: /^billing\/reset$/, handler: (e) => e.resetRequestCounts() },
  { method: "GET", pattern: /^api-notices$/, handler: (e) => e.apiNotices() },
  { method: "POST", pattern: /^api-notices$/, handler: (e, body) => e.setApiNotices(apiNoticesSchema.parse(body)) },
  { method: "GET", pattern: /^stats$/, handler: (e) => e.stats() },
  { method: "POST", pattern: /^stats\/reset$/, handler: (e) => e.resetStats() },
  { method: "GET", pattern: /^timings$/, handler: (e) => e.timings },
  {
    method: "POST",
    pattern: /^timings$/,
    handler: (e, body) => {
      const ms = z.number().min(0).optional();
      e.setTimings(
        z
          .strictObject({
            loginTimeoutMs: ms,
            pingTimeoutMs: ms,
            accessTokenTtlSec: ms,
            botTokenTtlSec: ms,
            authCodeTtlSec: ms,
            requestTimeoutMs: ms,
            authorizeRedirectLimit: ms,
            authorizeRedirectWindowMs: ms,
            webhookTimeoutMs: ms,
            webhookRetryDelaysMs: z.array(z.number().min(0)).max(MAX_WEBHOOK_RETRIES).optional(),
          })
          .parse(body),
      );
      return e.timings;
    },
  },
  { method: "GET", pattern: /^state$/, handler: (e) => ({ stateFile: e.stateFile, stateLoaded: e.stateLoaded }) },
  { method: "POST", pattern: /^state\/save$/, handler: async (e) => (await e.saveState()) ?? { stateFile: null } },
  { method: "POST", pattern: /^clock\/advance$/, handler: (e, body) => e.advanceClock(z.object({ seconds: z.number().min(0) }).parse(body).seconds) },
  {
    method: "POST",
    pattern: /^faults\/([a-z-]+)$/,
    handler: (e, body, url, [name]) => {
      const fault = name && Object.hasOwn(FAULTS, name) ? FAULTS[name] : undefined;
      if (!fault) throw new ControlError(404, `Unknown fault ${name}`);
      return fault(e, body, url, []);
    },
  },
];

export async function handleControlApi(emulator: Emulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.slice(CONTROL_PREFIX.length);
  try {
    for (const route of ROUTES) {
      const match = route.pattern.exec(path);
      if (!match || route.method !== req.method) continue;
      const body = req.method === "GET" ? {} : parseJsonObject(await readBody(req));
      if (!body) throw new ControlError(400, "Body must be a JSON object");
      const result = await route.handler(emulator, body, url, match.slice(1).map(decodeURIComponent));
      return sendJson(res, 200, result ?? { ok: true });
    }
    throw new ControlError(404, `No control route ${req.method} ${url.pathname}`);
  } catch (error) {
    if (error instanceof ControlError) return sendJson(res, error.status, { error: { message: error.message } });
    if (error instanceof z.ZodError || error instanceof SeedError) {
      return sendJson(res, 400, { error: { message: error instanceof SeedError ? error.message : z.prettifyError(error) } });
    }
    console.error("emulator: control API error", error);
    sendJson(res, 500, { error: { message: "Internal error" } });
  }
}
