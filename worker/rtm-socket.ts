// Transport: owns one `ws` WebSocket, its liveness checks and its teardown. It knows nothing of
// LiveChat's protocol beyond "send this text" — login, correlation and reconnect decisions live in
// rtm-client.ts.
//
// Liveness (livechat-api.md 4.3: ping every 15 s after login, silence closes the connection):
// each tick sends a websocket control-frame ping, which the docs allow from a backend instead of
// the `ping` action, and which is not a billed API request (10.1). A ping still unanswered at the
// next tick, or no inbound frame for `silenceTimeoutMs`, means the peer is gone (e.g. a half-open
// TCP connection): terminate() instead of waiting for a close handshake that will never come.
import WebSocket from "ws";

export type SocketCloseCause = "remote" | "error" | "dead_peer" | "local";

export interface SocketCloseInfo {
  code: number;
  reason: string;
  cause: SocketCloseCause;
  error?: Error;
}

export interface RtmSocketOptions {
  url: string;
  /** ws has no handshake timeout by default; a stuck upgrade must not hang the connection loop. */
  handshakeTimeoutMs: number;
  /** ws accepts 100 MiB frames by default; bound what one frame may make us buffer. */
  maxPayloadBytes: number;
  pingIntervalMs: number;
  silenceTimeoutMs: number;
  /** How long a close handshake may take before the socket is terminated. */
  closeTimeoutMs: number;
  onMessage(data: WebSocket.RawData, isBinary: boolean): void;
  /** Called exactly once, whatever ended the socket. */
  onClose(info: SocketCloseInfo): void;
}

export class RtmSocket {
  private heartbeat: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;
  private lastInboundAt = Date.now();
  private pingOutstanding = false;
  private closing: SocketCloseCause | null = null;
  private closeError: Error | undefined;
  private closed = false;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: RtmSocketOptions,
  ) {
    ws.on("message", (data, isBinary) => {
      this.lastInboundAt = Date.now();
      options.onMessage(data, isBinary);
    });
    ws.on("pong", () => this.markAlive());
    ws.on("ping", () => (this.lastInboundAt = Date.now()));
    ws.on("error", (error) => {
      // ws always follows an error with `close`; remember why.
      this.closeError ??= error;
      this.closing ??= "error";
    });
    ws.on("close", (code, reason) => this.finish(code, reason.toString("utf8")));
  }

  /** Opens a socket; rejects when the handshake fails or takes longer than `handshakeTimeoutMs`. */
  static open(options: RtmSocketOptions): Promise<RtmSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(options.url, {
        handshakeTimeout: options.handshakeTimeoutMs,
        maxPayload: options.maxPayloadBytes,
        perMessageDeflate: false,
      });
      const onError = (error: Error) => {
        ws.removeAllListeners();
        ws.on("error", () => undefined);
        ws.terminate();
        reject(error);
      };
      const onUnexpected = (_request: unknown, response: { statusCode?: number }) => {
        onError(new Error(`RTM handshake answered HTTP ${response.statusCode ?? "?"}`));
      };
      ws.once("error", onError);
      ws.once("unexpected-response", onUnexpected);
      ws.once("open", () => {
        ws.off("error", onError);
        ws.off("unexpected-response", onUnexpected);
        resolve(new RtmSocket(ws, options));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.closing === null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one text frame; throws when the socket is not open (callers never queue). */
  send(text: string): void {
    if (!this.isOpen) throw new Error("The RTM socket is not open");
    this.ws.send(text);
  }

  /**
   * Starts the liveness ticks (after login: pings before it do nothing, 4.3). `protocolPing`, when
   * given, also sends LiveChat's `ping` action each tick (a billed request, 10.1).
   */
  startHeartbeat(protocolPing?: () => Promise<unknown>): void {
    if (this.heartbeat || this.closed) return;
    this.lastInboundAt = Date.now();
    const tick = () => {
      if (!this.isOpen) return;
      const silentFor = Date.now() - this.lastInboundAt;
      if (this.pingOutstanding || silentFor > this.options.silenceTimeoutMs) {
        this.terminate("dead_peer");
        return;
      }
      this.pingOutstanding = true;
      this.ws.ping(); // the pong marks the peer alive; an unanswered ping is caught by the next tick
      protocolPing?.().catch(() => undefined);
    };
    this.heartbeat = setInterval(tick, this.options.pingIntervalMs);
  }

  /** Close handshake (1000); terminated if the peer does not answer within `closeTimeoutMs`. */
  close(code = 1000, reason = "closing"): void {
    if (this.closed || this.closing !== null) return;
    this.closing = "local";
    this.stopHeartbeat();
    this.closeTimer = setTimeout(() => this.ws.terminate(), this.options.closeTimeoutMs);
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** Drops the connection at once (dead peer, forced shutdown). */
  terminate(cause: SocketCloseCause = "local"): void {
    if (this.closed) return;
    if (this.closing === null || cause === "dead_peer") this.closing = cause;
    this.stopHeartbeat();
    this.ws.terminate();
  }

  private markAlive(): void {
    this.pingOutstanding = false;
    this.lastInboundAt = Date.now();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stopHeartbeat();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    this.ws.removeAllListeners();
    this.ws.on("error", () => undefined);
    const cause = this.closing ?? "remote";
    this.options.onClose({ code, reason, cause, ...(this.closeError ? { error: this.closeError } : {}) });
  }
}
