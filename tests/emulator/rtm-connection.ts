// One agent RTM websocket (livechat-api.md 4): login deadline, ping timeout (the `ping` action or a
// control-frame ping, 4.3), token lifetime, request/response correlation, the pending-request
// limit, and pushes. Every request frame is logged, and so billed (billing.ts), control-frame
// pings are not.
import type { RawData, WebSocket } from "ws";
import { z } from "zod";
import { ApiError } from "./api-error";
import { CHAT_ACTIONS } from "./chat-actions";
import type { EmulatorContext } from "./context";
import { sourceOfRequester, type EventSource } from "./event-source";
import type { RtmPeer } from "./hub";
import { newHexId } from "./ids";
import { ownAction } from "./own-action";
import { chatIdOf } from "./request-log";
import { requesterForToken } from "./requester";
import { applyRoutingStatus, notifyRoutingStatus } from "./routing-status";
import { loginResponse, parseLogin, pushFilterOf, requireSameAgent, validateSessionToken } from "./rtm-session";

/** livechat-api.md 4.2: at most 10 pending requests per connection. */
export const MAX_PENDING_REQUESTS = 10;

const envelopeSchema = z.object({
  version: z.string().optional(),
  request_id: z.union([z.string(), z.number()]).optional(),
  action: z.string().min(1),
  payload: z.record(z.string(), z.unknown()).optional(),
});
type Envelope = z.infer<typeof envelopeSchema>;

interface Session {
  accountId: string;
  agentId: string;
  scopes: readonly string[];
  accessToken: string;
  pushFilter: Set<string> | null;
}

export class RtmConnection implements RtmPeer {
  readonly id = newHexId(8);
  session: Session | null = null;
  private pending = 0;
  private halfOpen = false;
  private closed = false;
  private readonly timers = new Map<"login" | "ping" | "token", NodeJS.Timeout>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly socket: WebSocket,
    readonly organizationId: string,
  ) {
    ctx.hub.add(this);
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    // Control-frame pings are answered (autoPong is off so a half-open socket can stay silent).
    // livechat-api.md 4.3.2 allows them from backends instead of the `ping` action, so after login
    // they count as activity too; before login they do nothing (see timings.ts).
    socket.on("ping", (data) => {
      if (this.halfOpen || this.closed) return;
      socket.pong(data);
      if (this.session) this.restartPingTimer();
    });
    socket.on("close", () => this.shutdown());
    socket.on("error", () => this.shutdown());
    // livechat-api.md 4.3.1: log in within the deadline or the server closes the socket.
    this.setTimer("login", ctx.timings.loginTimeoutMs, () => this.close(4001, "login timeout"));
  }

  push(action: string, payload: unknown, requestId?: string): void {
    if (!this.session || this.halfOpen || this.closed) return;
    if (this.session.pushFilter && !this.session.pushFilter.has(action)) return;
    const frame: Record<string, unknown> = { version: "3.6", action, type: "push", payload };
    if (requestId !== undefined) frame.request_id = requestId;
    this.socket.send(JSON.stringify(frame));
    const chatId = payload && typeof payload === "object" ? chatIdFromPush(payload as Record<string, unknown>) : null;
    this.ctx.log.recordPush({ connectionId: this.id, organizationId: this.organizationId, agentId: this.session.agentId, action, chatId, requestId: requestId ?? null });
  }

  /** livechat-api.md 4.6: `agent_disconnected` right before the server drops the connection. */
  disconnect(reason: string, data?: Record<string, unknown>): void {
    if (this.closed || this.halfOpen) return;
    this.push("agent_disconnected", { reason, ...(data ? { data } : {}) });
    this.close(1000, reason);
  }

  terminate(): void {
    this.socket.terminate();
    this.shutdown();
  }

  makeHalfOpen(): void {
    this.halfOpen = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  checkToken(reason: "access_token_revoked" | "access_token_expired"): void {
    if (!this.session) return;
    const access = this.ctx.tokens.findAccess(this.session.accessToken);
    if (access) return this.scheduleTokenExpiry(access.expiresAtMs);
    this.disconnect(reason);
  }

  private scheduleTokenExpiry(expiresAtMs: number): void {
    // livechat-api.md 4.3.3: the connection lives as long as its token.
    const delay = Math.max(0, expiresAtMs - this.ctx.clock.now());
    this.setTimer("token", Math.min(delay, 2 ** 31 - 1), () => this.checkToken("access_token_expired"));
  }

  private restartPingTimer(): void {
    this.setTimer("ping", this.ctx.timings.pingTimeoutMs, () => this.disconnect("connection_timeout"));
  }

  private setTimer(name: "login" | "ping" | "token", ms: number, run: () => void): void {
    const existing = this.timers.get(name);
    if (existing) clearTimeout(existing);
    if (this.halfOpen || this.closed) return;
    this.timers.set(name, setTimeout(run, ms));
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    if (this.halfOpen || this.closed) return;
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(rawText(data));
    } catch {
      raw = undefined;
    }
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) {
      // Echo what can be echoed so the client can still correlate the failure (4.2).
      const partial = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
      const requestId = typeof partial.request_id === "string" || typeof partial.request_id === "number" ? partial.request_id : undefined;
      const action = typeof partial.action === "string" ? partial.action : "";
      const error = new ApiError("validation", "Frames must be JSON objects with an `action` and an object `payload`");
      return this.respond(requestId === undefined ? undefined : { request_id: requestId, action }, undefined, error);
    }
    const envelope = parsed.data;
    if (this.pending >= MAX_PENDING_REQUESTS) {
      return this.respond(envelope, undefined, new ApiError("pending_requests_limit_reached", "Too many pending requests"));
    }
    this.pending += 1;
    await this.answerWithin(envelope);
  }

  /** Latency fault and request timeout (4.7): a timed-out request may still take effect later. */
  private async answerWithin(envelope: Envelope): Promise<void> {
    const latency = this.ctx.faults.rtmLatencyMs;
    const timeout = this.ctx.timings.requestTimeoutMs;
    if (latency >= timeout) {
      setTimeout(() => void this.run(envelope), latency).unref();
      await new Promise((resolve) => setTimeout(resolve, timeout));
      this.pending -= 1;
      return this.respond(envelope, undefined, new ApiError("request_timeout", "Request timed out"));
    }
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const outcome = this.run(envelope);
    this.pending -= 1;
    this.respond(envelope, outcome.result, outcome.error);
  }

  private run(envelope: Envelope): { result?: unknown; error?: ApiError } {
    if (this.closed || this.halfOpen) return { error: new ApiError("internal", "Connection closed") };
    try {
      // Everything the request causes is attributed to the session token's client (webhooks).
      return { result: this.ctx.sources.run(() => this.source(), () => this.dispatch(envelope)) };
    } catch (error) {
      if (error instanceof ApiError) return { error };
      console.error("emulator: unexpected RTM error", error);
      return { error: new ApiError("internal", "Internal server error") };
    } finally {
      this.ctx.changes.changed();
    }
  }

  private source(): EventSource {
    return sourceOfRequester(this.session ? requesterForToken(this.ctx, this.session.accessToken) : null);
  }

  private dispatch(envelope: Envelope): unknown {
    // livechat-api.md 4.2: lower versions are rejected; this server speaks 3.6 only.
    if (envelope.version !== undefined && envelope.version !== "3.6") {
      throw new ApiError("unsupported_version", `Unsupported version ${envelope.version}`);
    }
    const { action } = envelope;
    const payload = envelope.payload ?? {};
    if (action === "login") return this.login(payload);
    // livechat-api.md 4.3.2: pings (and everything else) before login do nothing but fail.
    if (!this.session) throw new ApiError("authentication", "Log in first");
    if (action === "ping") {
      this.restartPingTimer();
      return {};
    }
    if (action === "update_session") return this.updateSession(payload);
    if (action === "logout") {
      setImmediate(() => this.close(1000, "logout"));
      return {};
    }
    const chatAction = ownAction(CHAT_ACTIONS, action);
    if (!chatAction) throw new ApiError("validation", `Unknown action \`${action}\``);
    const requester = requesterForToken(this.ctx, this.session.accessToken);
    if (!requester) throw new ApiError("authentication", "Invalid access token");
    const requestId = envelope.request_id === undefined ? undefined : String(envelope.request_id);
    return chatAction({ ctx: this.ctx, requester, surface: "rtm", origin: { connectionId: this.id, requestId } }, payload);
  }

  private login(payload: unknown): unknown {
    if (this.session) throw new ApiError("validation", "Already logged in");
    const login = parseLogin(this.ctx, this.organizationId, payload);
    const { agent, access } = login;
    this.session = { accountId: agent.accountId, agentId: agent.id, scopes: access.scopes, accessToken: access.token, pushFilter: pushFilterOf(login) };
    clearTimeout(this.timers.get("login"));
    this.ctx.hub.markLoggedIn(this);
    this.restartPingTimer();
    this.scheduleTokenExpiry(access.expiresAtMs);
    // A human's routing status holds for the session (3.3); a new session starts at the default,
    // `not_accepting_chats` (stricter: `reconnect` does not restore an earlier status).
    const wasOffline = agent.routingStatus === "offline";
    if (wasOffline) agent.routingStatus = "not_accepting_chats";
    const response = loginResponse(this.ctx, agent);
    const source = this.ctx.sources.current();
    // Pushes caused by the login follow its response.
    setImmediate(() => {
      if (wasOffline) this.ctx.sources.run(source, () => notifyRoutingStatus(this.ctx, this.organizationId, agent.id, "not_accepting_chats"));
      this.push("incoming_customers", { customer_monitoring_level: login.customer_monitoring_level ?? "my", customers: [] });
    });
    return response;
  }

  private updateSession(payload: unknown): unknown {
    const input = z.strictObject({ token: z.string() }).safeParse(payload);
    if (!input.success || !this.session) throw new ApiError("validation", "`token` is required");
    const next = validateSessionToken(this.ctx, this.organizationId, input.data.token);
    requireSameAgent(this.session, next);
    // livechat-api.md 4.3.3: the new token extends the connection's lifetime.
    this.session = { ...this.session, accessToken: next.access.token, scopes: next.access.scopes };
    this.scheduleTokenExpiry(next.access.expiresAtMs);
    return {};
  }

  private respond(envelope: Envelope | undefined, result: unknown, error?: ApiError): void {
    if (this.closed || this.halfOpen) return;
    const frame: Record<string, unknown> = {
      ...(envelope?.request_id !== undefined ? { request_id: envelope.request_id } : {}),
      action: envelope?.action,
      type: "response",
      success: !error,
      payload: error ? error.toBody() : (result ?? {}),
    };
    this.socket.send(JSON.stringify(frame));
    this.ctx.log.record({
      surface: "rtm",
      action: envelope?.action ?? "(invalid frame)",
      organizationId: this.organizationId,
      who: this.session ? { type: "account", id: this.session.accountId } : { type: "anonymous", id: null },
      status: error ? error.httpStatus : 200,
      errorType: error?.type ?? null,
      chatId: chatIdOf(envelope?.action ?? "", envelope?.payload),
      connectionId: this.id,
      requestId: envelope?.request_id === undefined ? null : String(envelope.request_id),
    });
  }

  private close(code: number, reason: string): void {
    if (this.closed) return;
    this.socket.close(code, reason);
    this.shutdown();
  }

  /** The one teardown path: timers, registry, and the human's session-bound routing status. */
  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ctx.hub.remove(this);
    const session = this.session;
    if (!session) return;
    const agent = this.ctx.state.agents.get(session.accountId);
    if (agent && this.ctx.hub.sessionsOfAgent(this.organizationId, agent.id).length === 0 && agent.routingStatus !== "offline") {
      applyRoutingStatus(this.ctx, this.organizationId, agent.id, "offline");
      this.ctx.changes.changed();
    }
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

function chatIdFromPush(payload: Record<string, unknown>): string | null {
  if (typeof payload.chat_id === "string") return payload.chat_id;
  const chat = payload.chat as Record<string, unknown> | undefined;
  return typeof chat?.id === "string" ? chat.id : null;
}
