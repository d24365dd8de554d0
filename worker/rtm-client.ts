// Protocol: one organization's Agent Chat RTM session on top of rtm-socket.ts. It logs in,
// correlates responses with requests by `request_id`, hands validated pushes to its owner, and
// decides after every disconnect whether and how to come back (reconnect-policy.ts, backoff.ts).
//
// Status: idle → connecting → authenticating → ready → closing → (backoff) → connecting …
// `destroy({ reason, recover })` is the only teardown path; after `stop()` nothing reconnects.
import { LiveChatError } from "../lib/livechat/errors";
import {
  LoginResponsePayloadSchema,
  parseRtmFrame,
  rtmResponseError,
  SUBSCRIBED_PUSHES,
  type RtmPush,
  type RtmResponse,
} from "../lib/livechat/rtm-schemas";
import type { RequestMeter } from "../lib/livechat/request-meter";
import type { Logger } from "../lib/log";
import { Backoff, type BackoffOptions } from "./backoff";
import { reconnectActionFor } from "./reconnect-policy";
import { RtmSocket, type SocketCloseInfo } from "./rtm-socket";
import { sleep } from "./sleep";

export type RtmStatus = "idle" | "connecting" | "authenticating" | "ready" | "closing";

/** livechat-api.md 4.2: at most 10 requests may be pending per connection. */
export const MAX_PENDING_REQUESTS = 10;

/** Requests that keep the session alive; they may use the slot other requests leave free. */
const PRIORITY_ACTIONS = new Set(["login", "ping", "update_session"]);

/** Thrown by `getToken` when no token can be had without a person (e.g. `invalid_grant`). */
export class TokenUnavailableError extends Error {
  override name = "TokenUnavailableError";
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RtmTimings {
  /** livechat-api.md 4.3: the server closes sockets not logged in within 30 s. */
  loginTimeoutMs: number;
  /** livechat-api.md 4.2: the server times requests out after 15 s. */
  requestTimeoutMs: number;
  /** livechat-api.md 4.3: every 15 s. */
  pingIntervalMs: number;
  /**
   * `control_frame` (default): websocket pings, which 4.3 allows from a backend and which are no API
   * request. `ping_action`: also LiveChat's `ping` action, billed like any request (10.1), for a
   * LiveChat that would not count control frames as activity.
   */
  keepalive?: "control_frame" | "ping_action";
  silenceTimeoutMs: number;
  handshakeTimeoutMs: number;
  closeTimeoutMs: number;
  backoff: BackoffOptions;
}

export interface RtmClientOptions {
  url: string;
  application: { name: string; version: string };
  timings: RtmTimings;
  maxPayloadBytes?: number;
  log: Logger;
  /** Counts each request frame sent (livechat-api.md 10.1: assume every RTM action is billed). */
  meter?: RequestMeter;
  /** An access token valid for a while; `forceRefresh` after LiveChat said it expired or was revoked. */
  getToken(options: { forceRefresh: boolean }): Promise<string>;
  onStatus?(status: RtmStatus): void;
  /** Logged in (again): the owner re-syncs chats, routing statuses, token timers. */
  onReady?(info: { agentId: string | null }): void;
  /** Waiting before the next attempt. */
  onBackoff?(info: { delayMs: number; attempt: number; error: string }): void;
  onPush?(push: RtmPush): void;
  /** The policy said stop: a person has to fix `reason` first. */
  onStopped?(info: { reason: string; data?: Record<string, unknown> }): void;
}

/** The HTTP-like status a settled RTM request is counted with (`internal` ~ HTTP 500, not billed). */
function meteredStatus(error: unknown): number {
  if (!(error instanceof LiveChatError)) return 0;
  if (error.type === "internal") return 500;
  return error.type === "request_timeout" || error.type === "connection_closed" ? 0 : 400;
}

interface Pending {
  action: string;
  resolve(payload: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

type AttemptEnd =
  | { kind: "closed"; info: SocketCloseInfo; disconnect: { reason: string; data?: Record<string, unknown> } | null }
  | { kind: "failed"; error: Error };

export class RtmClient {
  private statusValue: RtmStatus = "idle";
  private socket: RtmSocket | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly slotWaiters: (() => void)[] = [];
  private nextRequestId = 0;
  private loop: Promise<void> | null = null;
  private readonly stopSignal = new AbortController();
  private readonly backoff: Backoff;
  private disconnect: { reason: string; data?: Record<string, unknown> } | null = null;
  private forceRefresh = false;

  constructor(private readonly options: RtmClientOptions) {
    this.backoff = new Backoff(options.timings.backoff);
  }

  get status(): RtmStatus {
    return this.statusValue;
  }

  get isStopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** Starts the connection loop; calling it again (or after stop) does nothing. */
  start(): void {
    if (this.loop || this.isStopped) return;
    this.loop = this.run();
  }

  /** Closes the connection for good; resolves once the loop has ended. Idempotent. */
  async stop(options: { force?: boolean; reason?: string } = {}): Promise<void> {
    this.destroy({ reason: options.reason ?? "stopped", recover: false, force: options.force ?? false });
    await this.loop;
  }

  /** Drops the current connection and, with `recover`, connects again after backoff. */
  destroy({ reason, recover, force = false }: { reason: string; recover: boolean; force?: boolean }): void {
    if (!recover) this.stopSignal.abort();
    this.rejectPending(new LiveChatError("connection_closed", `RTM connection closed (${reason})`, 0));
    const socket = this.socket;
    if (!socket) return;
    if (this.statusValue !== "closing") this.setStatus("closing");
    if (force) socket.terminate("local");
    else socket.close(1000, reason.slice(0, 100));
  }

  /**
   * One RTM request, answered by its response's payload; LiveChatError on refusal or timeout.
   * Ordinary requests leave the last of the 10 slots free, so a ping or a session update is never
   * stuck behind slow reads (a starved ping would get the connection closed, 4.3).
   */
  async request<T = unknown>(action: string, payload: unknown = {}, options: { timeoutMs?: number } = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.options.timings.requestTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const limit = PRIORITY_ACTIONS.has(action) ? MAX_PENDING_REQUESTS : MAX_PENDING_REQUESTS - 1;
    while (this.pending.size >= limit) {
      const waited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        this.slotWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!waited) throw new LiveChatError("request_timeout", `No free request slot for ${action}`, 0, { action });
    }
    const socket = this.socket;
    if (!socket?.isOpen) throw new LiveChatError("connection_closed", `RTM not connected (${action})`, 0, { action });
    const requestId = `r${(this.nextRequestId += 1)}`;
    return new Promise<T>((resolve, reject) => {
      const meter = this.options.meter;
      const settled = {
        resolve: (answer: unknown) => {
          meter?.record({ action, status: 200 });
          resolve(answer as T);
        },
        reject: (error: Error) => {
          meter?.record({ action, status: meteredStatus(error) });
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.settle(requestId);
        settled.reject(new LiveChatError("request_timeout", `${action} got no answer within ${timeoutMs} ms`, 0, { action }));
      }, Math.max(1, deadline - Date.now()));
      this.pending.set(requestId, { action, resolve: settled.resolve, reject: settled.reject, timer });
      try {
        socket.send(JSON.stringify({ request_id: requestId, action, payload }));
      } catch (error) {
        this.settle(requestId);
        reject(new LiveChatError("connection_closed", (error as Error).message, 0, { action }));
      }
    });
  }

  /** livechat-api.md 4.3: hand the live session a new token before the old one expires. */
  async updateSession(token: string): Promise<void> {
    await this.request("update_session", { token: `Bearer ${token}` });
  }

  private setStatus(status: RtmStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.options.onStatus?.(status);
  }

  private async run(): Promise<void> {
    const signal = this.stopSignal.signal;
    while (!signal.aborted) {
      const end = await this.attempt();
      this.socket = null;
      if (signal.aborted) break;
      let error: string;
      if (end.kind === "failed") {
        if (end.error instanceof TokenUnavailableError) {
          this.halt(end.error.reason);
          break;
        }
        error = end.error.message;
      } else if (end.disconnect) {
        const action = reconnectActionFor(end.disconnect.reason);
        if (action === "stop") {
          this.halt(end.disconnect.reason, end.disconnect.data);
          break;
        }
        if (action === "refresh_then_reconnect") this.forceRefresh = true;
        error = `agent_disconnected: ${end.disconnect.reason}`;
      } else {
        error = end.info.cause === "dead_peer" ? "dead peer (no answer to ping)" : `socket closed (${end.info.code}${end.info.error ? `, ${end.info.error.message}` : ""})`;
      }
      const delayMs = this.backoff.next(Date.now());
      this.setStatus("idle");
      this.options.onBackoff?.({ delayMs, attempt: this.backoff.attempts, error });
      this.options.log.info("rtm reconnect scheduled", { delayMs, attempt: this.backoff.attempts, error });
      await sleep(delayMs, signal);
    }
    this.setStatus("idle");
  }

  private halt(reason: string, data?: Record<string, unknown>): void {
    this.stopSignal.abort();
    this.setStatus("idle");
    this.options.log.warn("rtm stopped by policy", { reason });
    this.options.onStopped?.({ reason, ...(data ? { data } : {}) });
  }

  /** One connection: token → socket → login → serve until closed. */
  private async attempt(): Promise<AttemptEnd> {
    this.disconnect = null;
    this.setStatus("connecting");
    let token: string;
    try {
      // The token is fetched before the socket opens: a refresh must not eat into the 30 s login window.
      token = await this.options.getToken({ forceRefresh: this.forceRefresh });
      this.forceRefresh = false;
    } catch (error) {
      return { kind: "failed", error: error as Error };
    }
    if (this.isStopped) return { kind: "failed", error: new Error("stopped") };

    let resolveClosed!: (info: SocketCloseInfo) => void;
    const closed = new Promise<SocketCloseInfo>((resolve) => (resolveClosed = resolve));
    const { timings } = this.options;
    try {
      this.socket = await RtmSocket.open({
        url: this.options.url,
        handshakeTimeoutMs: timings.handshakeTimeoutMs,
        maxPayloadBytes: this.options.maxPayloadBytes ?? 16 * 1024 * 1024,
        pingIntervalMs: timings.pingIntervalMs,
        silenceTimeoutMs: timings.silenceTimeoutMs,
        closeTimeoutMs: timings.closeTimeoutMs,
        onMessage: (data, isBinary) => this.onFrame(data, isBinary),
        onClose: (info) => {
          this.rejectPending(new LiveChatError("connection_closed", "RTM connection closed", 0));
          resolveClosed(info);
        },
      });
    } catch (error) {
      return { kind: "failed", error: error as Error };
    }
    const socket = this.socket;
    if (this.isStopped) socket.close(1000, "stopped");

    if (!this.isStopped) {
      this.setStatus("authenticating");
      try {
        const answer = await this.request(
          "login",
          {
            token: `Bearer ${token}`,
            application: this.options.application,
            pushes: { "3.6": SUBSCRIBED_PUSHES },
          },
          { timeoutMs: timings.loginTimeoutMs },
        );
        const login = LoginResponsePayloadSchema.safeParse(answer);
        if (socket.isOpen && !this.isStopped) {
          this.setStatus("ready");
          this.backoff.markHealthy(Date.now());
          socket.startHeartbeat(timings.keepalive === "ping_action" ? () => this.request("ping", {}, { timeoutMs: timings.pingIntervalMs }) : undefined);
          this.options.log.info("rtm ready");
          this.options.onReady?.({ agentId: login.success ? (login.data.my_profile?.id ?? null) : null });
        }
      } catch (error) {
        const type = error instanceof LiveChatError ? error.type : "unknown";
        // A refused token gets refreshed before the next attempt.
        if (type === "authentication") this.forceRefresh = true;
        this.options.log.warn("rtm login failed", { errorType: type, error: (error as Error).message });
        if (socket.isOpen) socket.terminate("local");
      }
    }
    const info = await closed;
    return { kind: "closed", info, disconnect: this.disconnect };
  }

  private onFrame(data: Parameters<typeof parseRtmFrame>[0], isBinary: boolean): void {
    const frame = parseRtmFrame(data, isBinary);
    switch (frame.kind) {
      case "invalid":
        this.options.log.warn("rtm frame skipped", { reason: frame.reason, ...(frame.action ? { action: frame.action } : {}) });
        return;
      case "unknown_push":
        this.options.log.debug("rtm push ignored", { action: frame.action });
        return;
      case "response":
        this.onResponse(frame.response);
        return;
      case "push":
        if (frame.push.action === "agent_disconnected") {
          // livechat-api.md 4.6: sent right before the server drops us; decide now, close our side.
          const { reason, data: extra } = frame.push.payload;
          this.disconnect = { reason, ...(extra ? { data: extra } : {}) };
          this.options.log.warn("rtm agent_disconnected", { reason, action: reconnectActionFor(reason) });
          // The connection loop applies the reconnect table once the socket has closed.
          this.destroy({ reason, recover: true });
          return;
        }
        if (this.statusValue !== "ready") return;
        try {
          this.options.onPush?.(frame.push);
        } catch (error) {
          this.options.log.error("rtm push handler failed", { action: frame.push.action, error });
        }
    }
  }

  private onResponse(response: RtmResponse): void {
    const entry = response.request_id ? this.pending.get(response.request_id) : undefined;
    if (!entry || !response.request_id) {
      this.options.log.debug("rtm response without a pending request", { action: response.action });
      return;
    }
    this.settle(response.request_id);
    const error = rtmResponseError(response);
    if (error) entry.reject(new LiveChatError(error.type, error.message, 0, { action: entry.action, data: error.data }));
    else entry.resolve(response.payload ?? {});
  }

  private settle(requestId: string): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(requestId);
    // Everyone waiting re-checks: a ping may fit where an ordinary request does not.
    for (const wake of this.slotWaiters.splice(0)) wake();
  }

  private rejectPending(error: Error): void {
    for (const [requestId, entry] of [...this.pending]) {
      this.settle(requestId);
      entry.reject(error);
    }
  }
}
