// The worker's monitoring endpoints over real HTTP: /readyz says ready while the database answers
// and the leases are renewed, and 503 naming the database when PostgreSQL refuses it; /metrics
// serves Prometheus text with replies by outcome, reply latency, reconnects by reason, LiveChat
// requests by action and status, leases held, event-loop delay and inbox depth.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../../worker/worker";
import { POSTGRES_ADMIN_URL } from "../../helpers/database";
import { createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type World } from "./world";

describe("worker metrics and readiness (postgresql)", () => {
  let world: World;
  let worker: Worker;
  let base: string;
  beforeAll(async () => {
    world = await createWorld({ provider: "postgresql" });
    worker = await world.startWorker({ healthPort: 0 }, { serveHealth: true });
    base = `http://127.0.0.1:${worker.healthPort()}`;
  });
  afterAll(async () => {
    await world?.close();
  });

  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    return text.split("\n").find((candidate) => line.test(candidate));
  };

  it("is ready once connected, with every check named", async () => {
    const response = await waitFor("ready", async () => {
      const answer = await fetch(`${base}/readyz`);
      return answer.status === 200 ? answer : undefined;
    });
    expect(await response.json()).toEqual({ ready: true, checks: { running: { ok: true }, database: { ok: true }, leases: { ok: true } } });
  });

  it("counts replies, latency, LiveChat requests, reconnects and leases", async () => {
    const org = world.orgs[0]!;
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    // The first message may still be answered by the catch-up read that follows the follow; once it
    // is answered, the chat is caught up and the next one arrives live (the latency is of live ones).
    const first = world.emulator.sendCustomerMessage(chat.chatId, "refund please");
    await waitFor("the first reply", () => repliesTo(world.emulator, chat.chatId, first.eventId).length === 1);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "another refund please");
    await waitFor("the reply", () => repliesTo(world.emulator, chat.chatId, eventId).length === 1);
    expect(await waitFor("the replied counter", () => metric(/^botdesk_worker_messages_total\{outcome="replied"\} [1-9]/))).toBeTruthy();
    expect(await waitFor("the reply latency", () => metric(/^botdesk_worker_reply_seconds_count [1-9]/))).toBeTruthy();
    expect(await metric(/^botdesk_worker_livechat_requests_total\{action="send_event",status="2xx"\} [1-9]/)).toBeTruthy();
    expect(await metric(/^botdesk_worker_leases_held 1$/)).toBeTruthy();
    expect(await metric(/^botdesk_worker_webhook_inbox_pending 0$/)).toBeTruthy();
    expect(await metric(/^botdesk_worker_event_loop_delay_seconds\{quantile="0.99"\} /)).toBeTruthy();

    world.emulator.faults.dropSockets({ organizationId: org.livechatOrgId });
    expect(await waitFor("a counted reconnect", () => metric(/^botdesk_worker_reconnects_total\{reason="socket_closed"\} 1$/))).toBeTruthy();
  });

  it("is not ready while the database refuses connections, and ready again after", async () => {
    const name = new URL(world.database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
      const answer = await waitFor("not ready", async () => {
        const response = await fetch(`${base}/readyz`);
        return response.status === 503 ? ((await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> }) : undefined;
      });
      expect(answer.ready).toBe(false);
      expect(answer.checks.database?.ok).toBe(false);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitFor("ready again", async () => (await fetch(`${base}/readyz`)).status === 200, 20_000);
  });
});
