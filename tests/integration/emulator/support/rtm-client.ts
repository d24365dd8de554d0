// A minimal RTM test client: request/response correlation by request_id, a push inbox, and a
// ping barrier that proves every earlier push has arrived.
import WebSocket from "ws";

export interface RtmFrame {
  type: "response" | "push";
  action: string;
  request_id?: string;
  success?: boolean;
  payload: Record<string, unknown> & { error?: { type: string; message: string } };
}

export class TestRtmClient {
  readonly pushes: RtmFrame[] = [];
  readonly frames: RtmFrame[] = [];
  private readonly waiting = new Map<string, (frame: RtmFrame) => void>();
  private readonly pushWaiters: { match: (frame: RtmFrame) => boolean; resolve: (frame: RtmFrame) => void }[] = [];
  private nextId = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => this.onFrame(JSON.parse(String(data)) as RtmFrame));
    this.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static connect(url: string): Promise<TestRtmClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => resolve(new TestRtmClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Rejects the handshake: resolves with the HTTP status of the refusal. */
  static refusal(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => reject(new Error("expected the handshake to be refused")));
      socket.once("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.once("error", () => undefined);
    });
  }

  private onFrame(frame: RtmFrame): void {
    this.frames.push(frame);
    if (frame.type === "response" && frame.request_id !== undefined) {
      const resolve = this.waiting.get(String(frame.request_id));
      this.waiting.delete(String(frame.request_id));
      resolve?.(frame);
      return;
    }
    if (frame.type !== "push") return;
    this.pushes.push(frame);
    const index = this.pushWaiters.findIndex((waiter) => waiter.match(frame));
    if (index >= 0) this.pushWaiters.splice(index, 1)[0]?.resolve(frame);
  }

  send(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  request(action: string, payload: Record<string, unknown> = {}, timeoutMs = 3000): Promise<RtmFrame> {
    const requestId = `t-${(this.nextId += 1)}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to ${action} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(requestId, (frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
      this.send({ request_id: requestId, action, payload });
    });
  }

  login(accessToken: string, extra: Record<string, unknown> = {}): Promise<RtmFrame> {
    return this.request("login", { token: `Bearer ${accessToken}`, ...extra });
  }

  /** A `ping` round trip: every push the server sent before it has been received. */
  async sync(): Promise<void> {
    const response = await this.request("ping");
    if (!response.success) throw new Error(`ping failed: ${JSON.stringify(response.payload)}`);
  }

  waitForPush(action: string, predicate: (payload: RtmFrame["payload"]) => boolean = () => true, timeoutMs = 3000): Promise<RtmFrame> {
    const existing = this.pushes.find((frame) => frame.action === action && predicate(frame.payload));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${action} push within ${timeoutMs} ms`)), timeoutMs);
      this.pushWaiters.push({
        match: (frame) => frame.action === action && predicate(frame.payload),
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  pushesOf(action: string, chatId?: string): RtmFrame[] {
    return this.pushes.filter((frame) => frame.action === action && (chatId === undefined || chatIdOf(frame) === chatId));
  }

  /** Every push about a chat (by `chat_id`, `chat.id` or `id`). */
  pushesAbout(chatId: string): RtmFrame[] {
    return this.pushes.filter((frame) => chatIdOf(frame) === chatId);
  }

  close(): void {
    this.socket.terminate();
  }
}

export function chatIdOf(frame: RtmFrame): string | undefined {
  const payload = frame.payload;
  if (typeof payload.chat_id === "string") return payload.chat_id;
  const chat = payload.chat as { id?: string } | undefined;
  return chat?.id;
}
