// One HTTP call of the Configuration or Agent Web API: body parsing, planned faults, added latency,
// the request timeout, error mapping and the request log, in one place.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./api-error";
import type { EmulatorContext } from "./context";
import { sourceOfRequester } from "./event-source";
import { BodyTooLargeError, mediaType, parseJsonObject, readBody, sendJson, sleep } from "./http-util";
import { chatIdOf, type Caller } from "./request-log";
import { callerOf, identifyRequester, resolveRequester, type Requester } from "./requester";

export interface CallMeta {
  requester: Requester | null;
}

export type ApiExecutor = (payload: Record<string, unknown>, req: IncomingMessage, meta: CallMeta) => unknown;

interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function errorOutcome(error: ApiError, headers?: Record<string, string>): Outcome {
  return { status: error.httpStatus, body: error.toBody(), headers };
}

async function parseRequest(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (req.method !== "POST") throw new ApiError("validation", "Use POST");
  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ApiError("entity_too_large", "Request body too large");
    throw error;
  }
  // livechat-api.md 2.1, 3.1: JSON bodies with `Content-Type: application/json`; other types are
  // refused (stricter than guessing).
  if (mediaType(req) !== "application/json") throw new ApiError("validation", "Content-Type must be application/json");
  const payload = parseJsonObject(body);
  if (!payload) throw new ApiError("validation", "Request body must be a JSON object");
  return payload;
}

function runExecutor(ctx: EmulatorContext, execute: ApiExecutor, payload: Record<string, unknown>, req: IncomingMessage, meta: CallMeta): Outcome {
  try {
    // Everything the call causes is attributed to its token's client (webhook `source_type`).
    const body = ctx.sources.run(() => sourceOfRequester(meta.requester), () => execute(payload, req, meta));
    return { status: 200, body: body ?? {} };
  } catch (error) {
    if (error instanceof ApiError) return errorOutcome(error);
    console.error("emulator: unexpected error", error);
    return errorOutcome(new ApiError("internal", "Internal server error"));
  } finally {
    // Also after the response when a latency fault runs the call late (`withLatency`).
    ctx.changes.changed();
  }
}

/**
 * Resolves the caller from `Authorization` and records it for the log. An `X-Region` header that
 * names another region than the organization's is answered with `misdirected_request` and the
 * right region (livechat-api.md 1.13); the header itself stays optional.
 */
export function authenticate(ctx: EmulatorContext, req: IncomingMessage, meta: CallMeta): Requester {
  const requester = resolveRequester(ctx, req.headers.authorization);
  meta.requester = requester;
  const region = req.headers["x-region"];
  const organization = ctx.state.organizations.get(requester.organizationId);
  if (typeof region === "string" && organization && region !== organization.region) {
    throw new ApiError("misdirected_request", "Wrong region", { region: organization.region });
  }
  return requester;
}

export async function serveApiCall(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  surface: "configuration" | "agent-web",
  action: string,
  execute: ApiExecutor | undefined,
): Promise<void> {
  const meta: CallMeta = { requester: null };
  let payload: Record<string, unknown> = {};
  let outcome: Outcome;
  try {
    if (!execute) throw new ApiError("not_found", `Unknown action \`${action}\``);
    payload = await parseRequest(req);
    const fault = ctx.faults.take(surface, action);
    if (fault?.kind === "rate_limit") {
      const headers = { "retry-after": String(fault.retryAfterSec) };
      outcome = errorOutcome(new ApiError("too_many_requests", "Too many requests"), headers);
    } else if (fault?.kind === "server_error") {
      const message = fault.type === "internal" ? "Internal server error" : "Service unavailable";
      outcome = errorOutcome(new ApiError(fault.type, message));
    } else if (fault?.kind === "api_error") {
      outcome = errorOutcome(new ApiError(fault.type, fault.message, fault.data));
    } else {
      outcome = await withLatency(ctx, () => runExecutor(ctx, execute, payload, req, meta));
    }
  } catch (error) {
    outcome = errorOutcome(error instanceof ApiError ? error : new ApiError("internal", "Internal server error"));
  }
  // livechat-api.md 10.2: `Legacy` / `Deprecation` headers when the notices switch is on.
  sendJson(res, outcome.status, outcome.body, { ...outcome.headers, ...ctx.notices.headers() });
  // A call refused before authentication (unknown action, planned fault) is still the token
  // owner's request: the log and the bill (livechat-api.md 10.1) name its organization.
  meta.requester ??= identifyRequester(ctx, req.headers.authorization);
  const caller: Caller = callerOf(meta.requester);
  const errorBody = outcome.body as { error?: { type?: string } };
  ctx.log.record({
    surface,
    action,
    organizationId: meta.requester?.organizationId ?? null,
    who: caller,
    status: outcome.status,
    errorType: outcome.status === 200 ? null : (errorBody.error?.type ?? null),
    chatId: chatIdOf(action, payload),
    connectionId: null,
    requestId: null,
  });
}

/**
 * Added latency (fault switch). When it reaches `requestTimeoutMs` the caller gets
 * `request_timeout` at the deadline while the action still runs when the delay is over — the
 * stricter reading: a timed-out request may have taken effect (livechat-api.md 4.7).
 */
async function withLatency(ctx: EmulatorContext, run: () => Outcome): Promise<Outcome> {
  const latency = ctx.faults.httpLatencyMs;
  if (latency <= 0) return run();
  const timeout = ctx.timings.requestTimeoutMs;
  if (latency < timeout) {
    await sleep(latency);
    return run();
  }
  setTimeout(run, latency).unref();
  await sleep(timeout);
  return errorOutcome(new ApiError("request_timeout", "Request timed out"));
}
