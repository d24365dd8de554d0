// The one way lib/ talks HTTP to LiveChat: JSON (or form) POST with a bearer token, a timeout,
// and every non-2xx answer turned into a LiveChatError carrying LiveChat's own `type` and
// Retry-After (livechat-api.md 2.1, 3.1, 2.9, 3.8).
import type { z } from "zod";
import { LiveChatError, liveChatErrorFromResponse, networkError } from "./errors";
import { lifecycleNotices, type RequestMeter } from "./request-meter";

/** livechat-api.md 3.8: LiveChat itself gives up on a request after 15 s (`request_timeout`). */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** The API version every URL below is pinned to (livechat-api.md intro: v3.6). */
export const API_VERSION = "3.6";

export interface LiveChatCallOptions {
  /** Bearer token without the scheme; omitted → no Authorization header. */
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** For tests and instrumentation; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Counts the request (LiveChat bills each one, livechat-api.md 10.1). */
  meter?: RequestMeter;
}

/** Where a client sends its calls: the API host (LIVECHAT_API_URL) and the caller's token. */
export interface LiveChatApiContext extends LiveChatCallOptions {
  apiUrl: string;
}

export function configurationActionUrl(apiUrl: string, action: string): string {
  return `${apiUrl}/v${API_VERSION}/configuration/action/${action}`;
}

export function agentActionUrl(apiUrl: string, action: string): string {
  return `${apiUrl}/v${API_VERSION}/agent/action/${action}`;
}

/** `https://host` → `wss://host/v3.6/agent/rtm/ws?organization_id=…` (livechat-api.md 4.1). */
export function rtmUrl(apiUrl: string, organizationId: string): string {
  const url = new URL(`${apiUrl}/v${API_VERSION}/agent/rtm/ws`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("organization_id", organizationId);
  return url.toString();
}

async function send<T>(url: string, action: string, init: RequestInit, options: LiveChatCallOptions): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers = new Headers(init.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { ...init, headers, signal });
  } catch (error) {
    options.meter?.record({ action, status: 0 });
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    throw networkError(timeout.aborted ? new Error("timed out") : error, action);
  }
  const notices = lifecycleNotices(response.headers);
  options.meter?.record({ action, status: response.status, ...(notices ? { notices } : {}) });
  if (!response.ok) throw await liveChatErrorFromResponse(response, action);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, action);
  }
  // livechat-api.md 2.1: "Success with no data: 200 OK and an empty body/object".
  if (text.trim() === "") return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LiveChatError("invalid_response", `LiveChat answered ${action} with a body that is not JSON`, response.status, {
      action,
    });
  }
}

/** POST a JSON body; resolves with the parsed JSON answer (`{}` for an empty one). */
export function postJson<T>(url: string, action: string, body: unknown, options: LiveChatCallOptions = {}): Promise<T> {
  return send<T>(
    url,
    action,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) },
    options,
  );
}

/** POST an `application/x-www-form-urlencoded` body (the accounts service, livechat-api.md 1.5). */
export function postForm<T>(
  url: string,
  action: string,
  form: Record<string, string>,
  options: LiveChatCallOptions = {},
): Promise<T> {
  return send<T>(
    url,
    action,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() },
    options,
  );
}

/** Checks an answer's shape. One we cannot read is LiveChat's fault, not the caller's input: a 502, never a 422. */
export function readAnswer<T>(schema: z.ZodType<T>, answer: unknown, action: string): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    throw new LiveChatError("invalid_response", `LiveChat answered ${action} with data this app does not understand`, 502, { action });
  }
  return parsed.data;
}
