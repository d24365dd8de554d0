// The RTM client and socket against a small fake RTM server with switches (answer logins or not,
// answer pings or not, send junk): login, ping cadence, request correlation and the 10-pending cap,
// frame validation, dead-peer detection, the reconnect table and idempotent stop.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { LiveChatError } from "../../../lib/livechat/errors";
import type { RtmPush } from "../../../lib/livechat/rtm-schemas";
import { RtmClient, type RtmClientOptions } from "../../../worker/rtm-client";
import { quietLogger, waitFor } from "./world";

interface Frame {
  request_id?: string;
  action: string;
  payload?: Record<string, unknown>;
}

class FakeRtmServer {
  readonly wss: WebSocketServer;
  readonly sockets: WebSocket[] = [];
  readonly frames: Frame[] = [];
  /** Websocket control-frame pings received (livechat-api.md 4.3: allowed from backends, not billed). */
  controlPings = 0;
  answerLogin = true;
  answerPings = true;
  answerOther = false;
  pongs = true;

  constructor() {
    this.wss = new WebSocketServer({ port: 0, host: "127.0.0.1", autoPong: false });
    this.wss.on("connection", (socket) => {
      this.sockets.push(socket);
      socket.on("ping", (data) => {
        this.controlPings += 1;
        if (this.pongs) socket.pong(data);
      });
      socket.on("message", (data) => {
        const frame = JSON.parse(data.toString()) as Frame;
        this.frames.push(frame);
        const answer = (payload: unknown = {}) => socket.send(JSON.stringify({ request_id: frame.request_id, action: frame.action, type: "response", success: true, payload }));
        if (frame.action === "login" && this.answerLogin) answer({ my_profile: { id: "admin@acme.example" } });
        else if (frame.action === "ping" && this.answerPings) answer();
        else if (frame.action !== "login" && frame.action !== "ping" && this.answerOther) answer({ echoed: frame.action });
      });
    });
  }

  listening(): Promise<void> {
    return this.wss.address() ? Promise.resolve() : new Promise((resolve) => this.wss.once("listening", () => resolve()));
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/v3.6/agent/rtm/ws?organization_id=org`;
  }

  get current(): WebSocket {
    return this.sockets[this.sockets.length - 1]!;
  }

  push(action: string, payload: unknown): void {
    this.current.send(JSON.stringify({ version: "3.6", type: "push", action, payload }));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(overrides: Partial<RtmClientOptions> = {}) {
  const server = new FakeRtmServer();
  await server.listening();
  const pushes: RtmPush[] = [];
  const stopped: string[] = [];
  const lines: string[] = [];
  let readyCount = 0;
  const client = new RtmClient({
    url: server.url,
    application: { name: "botdesk-worker", version: "test" },
    timings: {
      loginTimeoutMs: 300,
      requestTimeoutMs: 300,
      pingIntervalMs: 100,
      silenceTimeoutMs: 400,
      handshakeTimeoutMs: 1_000,
      closeTimeoutMs: 200,
      backoff: { baseMs: 20, capMs: 100, resetAfterMs: 1_000 },
    },
    log: quietLogger(lines),
    getToken: async () => "dal:token",
    onPush: (push) => pushes.push(push),
    onStopped: (info) => stopped.push(info.reason),
    onReady: () => (readyCount += 1),
    ...overrides,
  });
  cleanups.push(async () => {
    await client.stop({ force: true });
    await server.close();
  });
  return { server, client, pushes, stopped, lines, ready: () => readyCount };
}

describe("RTM client", () => {
  it("logs in with the token and application, then keeps alive with control-frame pings (never before login, no ping action)", async () => {
    const { server, client, ready } = await setup();
    server.answerLogin = false;
    client.start();
    await waitFor("a login attempt", () => server.frames.some((frame) => frame.action === "login"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.controlPings).toBe(0);
    server.answerLogin = true;
    await waitFor("ready", () => ready() >= 1, 5_000);
    const login = server.frames.find((frame) => frame.action === "login")!;
    expect(login.payload).toMatchObject({ token: "Bearer dal:token", application: { name: "botdesk-worker", version: "test" } });
    expect(login.payload?.pushes).toHaveProperty("3.6");
    await waitFor("three pings", () => server.controlPings >= 3);
    expect(client.status).toBe("ready");
    // A `ping` action would be a billed request (livechat-api.md 10.1); the control frame is not.
    expect(server.frames.some((frame) => frame.action === "ping")).toBe(false);
  });

  it("gives up on an unanswered login and connects again", async () => {
    const { server, client } = await setup();
    server.answerLogin = false;
    client.start();
    await waitFor("a second connection", () => server.sockets.length >= 2, 5_000);
    expect(client.status).not.toBe("ready");
  });

  it("correlates responses and never has more than 10 requests pending", async () => {
    const { server, client, ready } = await setup();
    client.start();
    await waitFor("ready", () => ready() >= 1);
    server.answerOther = true;
    await expect(client.request("get_chat", { chat_id: "C" })).resolves.toEqual({ echoed: "get_chat" });
    server.answerOther = false;
    server.answerPings = false;
    const before = server.frames.length;
    const requests = Array.from({ length: 15 }, (_, index) => client.request(`action_${index}`, {}, { timeoutMs: 250 }).catch((error: unknown) => error));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inFlight = server.frames.slice(before).filter((frame) => frame.action.startsWith("action_")).length;
    // livechat-api.md 4.2: at most 10 pending; ordinary requests keep one slot for the ping.
    expect(inFlight).toBe(9);
    const pingsBefore = server.frames.filter((frame) => frame.action === "ping").length;
    const ping = client.request("ping", {}, { timeoutMs: 250 }).catch((error: unknown) => error);
    await waitFor("the ping to go out past the queued requests", () => server.frames.filter((frame) => frame.action === "ping").length > pingsBefore, 200, 5);
    await ping;
    const results = await Promise.all(requests);
    expect(results.every((result) => result instanceof LiveChatError && result.type === "request_timeout")).toBe(true);
  });

  it("skips malformed and unknown frames and keeps serving", async () => {
    const { server, client, pushes, lines, ready } = await setup();
    client.start();
    await waitFor("ready", () => ready() >= 1);
    const socket = server.current;
    socket.send("not json {");
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.send(JSON.stringify({ type: "push", action: "incoming_event", payload: { chat_id: "C" } }));
    socket.send(JSON.stringify({ type: "push", action: "incoming_typing_indicator", payload: {} }));
    socket.send(JSON.stringify({ type: "response", request_id: "nobody", action: "x", success: true }));
    server.push("incoming_event", { chat_id: "C", thread_id: "T", event: { id: "T_1", type: "message", created_at: "2026-03-02T10:15:22.930000Z", author_id: "cust", text: "hi" } });
    await waitFor("the valid push", () => pushes.length === 1);
    expect(pushes[0]?.action).toBe("incoming_event");
    expect(client.status).toBe("ready");
    expect(lines.filter((line) => line.includes("rtm frame skipped"))).toHaveLength(3);
    // Message bodies never reach the log.
    expect(lines.join("\n")).not.toContain('"hi"');
  });

  it("drops a peer that stops answering pings and reconnects", async () => {
    const { server, client, ready } = await setup();
    client.start();
    await waitFor("ready", () => ready() >= 1);
    server.answerPings = false;
    server.pongs = false;
    await waitFor("a new connection", () => server.sockets.length >= 2, 5_000);
    server.answerPings = true;
    server.pongs = true;
    await waitFor("ready again", () => ready() >= 2, 5_000);
  });

  it("applies the reconnect table to agent_disconnected", async () => {
    const { server, client, stopped, ready } = await setup();
    client.start();
    await waitFor("ready", () => ready() >= 1);
    server.push("agent_disconnected", { reason: "internal_error" });
    await waitFor("ready again", () => ready() >= 2, 5_000);
    expect(stopped).toEqual([]);
    server.push("agent_disconnected", { reason: "license_expired" });
    await waitFor("the stop", () => stopped.length === 1, 5_000);
    expect(stopped).toEqual(["license_expired"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.sockets).toHaveLength(2);
    expect(client.isStopped).toBe(true);
  });

  it("stops idempotently and never reconnects afterwards", async () => {
    const { server, client, ready } = await setup();
    client.start();
    client.start();
    await waitFor("ready", () => ready() >= 1);
    expect(server.sockets).toHaveLength(1);
    await Promise.all([client.stop(), client.stop()]);
    await client.stop();
    client.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.sockets).toHaveLength(1);
    expect(client.status).toBe("idle");
  });
});
