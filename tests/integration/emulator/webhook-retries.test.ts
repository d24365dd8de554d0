// Webhook retries (livechat-api.md 7.2: no 200 within about 10 s → up to 3 retries), delivery
// faults (drop, delay, duplicate), the delivery log and the control API twins.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID } from "@/tests/emulator";
import { createBot, startWorld, type World } from "./support/fixtures";
import { callApi } from "./support/http";
import { WebhookReceiver } from "./support/webhook-receiver";
import { registerWebhook, settled } from "./support/webhooks";

let world: World;
let receiver: WebhookReceiver;
let chatId: string;
beforeEach(async () => {
  world = await startWorld({ webhookRetryDelaysMs: [20, 40, 60], webhookTimeoutMs: 300 });
  receiver = await WebhookReceiver.start();
  chatId = world.emulator.startChat({ organizationId: world.orgId }).chatId;
});
afterEach(async () => {
  await world.emulator.close();
  await receiver.close();
});

const customerSays = (text: string) => world.emulator.sendCustomerMessage(chatId, text);

describe("retries", () => {
  it("retries a 500 at most 3 times, with the same webhook_id and body", async () => {
    receiver.answerWith(500);
    const hook = await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    customerSays("hello");
    await settled(world);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((delivery) => delivery.raw)).size).toBe(1);
    expect(receiver.received[0]?.body.webhook_id).toBe(hook);
    const log = world.emulator.webhookDeliveries({ webhookId: hook });
    expect(log.map((entry) => [entry.attempt, entry.status, entry.error])).toEqual([
      [1, 500, null],
      [2, 500, null],
      [3, 500, null],
      [4, 500, null],
    ]);
    expect(new Set(log.map((entry) => entry.deliveryId)).size).toBe(1);
    expect(log[0]).toMatchObject({ action: "incoming_event", organizationId: world.orgId, chatId, duplicate: false });
  });

  it("stops retrying after a 200; anything but 200 (a 204, a redirect) is a failure", async () => {
    receiver.answerWith((index) => [204, 302, 200][index] ?? 200);
    await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    customerSays("hello");
    await settled(world);
    expect(world.emulator.webhookDeliveries().map((entry) => entry.status)).toEqual([204, 302, 200]);
  });

  it("treats no answer within webhookTimeoutMs as a failure and retries with the same body", async () => {
    receiver.answerWith((index) => (index === 0 ? "hang" : 200));
    await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    customerSays("hello");
    await settled(world);
    const log = world.emulator.webhookDeliveries();
    expect(log.map((entry) => [entry.attempt, entry.status, entry.error])).toEqual([
      [1, null, "timeout"],
      [2, 200, null],
    ]);
    expect(log[0]?.durationMs).toBeGreaterThanOrEqual(250);
    expect(receiver.received[1]?.raw).toBe(receiver.received[0]?.raw);
  });

  it("retries connection errors", async () => {
    const gone = await WebhookReceiver.start();
    await gone.close();
    await registerWebhook(world, { action: "incoming_event", url: gone.url });
    customerSays("hello");
    await settled(world);
    const log = world.emulator.webhookDeliveries();
    expect(log).toHaveLength(4);
    for (const entry of log) expect(entry).toMatchObject({ status: null, error: expect.stringMatching(/^connection error/) });
  });

  it("never delays the API call that caused the delivery", async () => {
    receiver.answerWith("hang");
    world.emulator.setTimings({ webhookTimeoutMs: 10_000 });
    const bot = await createBot(world);
    const botChat = world.emulator.startChat({ organizationId: world.orgId }).chatId;
    await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    const first = await callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: botChat, event: { type: "message", text: "one" } });
    await receiver.waitFor(1);
    // The receiver still holds the first delivery; the API keeps answering meanwhile.
    const second = await callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: botChat, event: { type: "message", text: "two" } });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(world.emulator.webhookDeliveries()).toHaveLength(0);
    await receiver.waitFor(2);
    receiver.release(200);
    await settled(world);
    expect(world.emulator.webhookDeliveries().map((entry) => entry.status)).toEqual([200, 200]);
  });
});

describe("delivery faults", () => {
  it("drop: the next N deliveries are never sent nor retried; without count, all until cleared", async () => {
    await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    world.emulator.faults.webhookDrop({ count: 1 });
    customerSays("dropped");
    customerSays("sent");
    await receiver.waitFor(1);
    await settled(world);
    expect(receiver.received.map((delivery) => (delivery.body.payload as { event: { text: string } }).event.text)).toEqual(["sent"]);
    expect(world.emulator.webhookDeliveries().map((entry) => [entry.attempt, entry.status, entry.error])).toEqual([
      [1, null, "dropped"],
      [1, 200, null],
    ]);

    world.emulator.faults.webhookDrop();
    customerSays("lost 1");
    customerSays("lost 2");
    expect(world.emulator.pendingWebhookDeliveries()).toBe(0);
    world.emulator.faults.clear();
    customerSays("back");
    await receiver.waitFor(2);
    expect(world.emulator.webhookDeliveries().filter((entry) => entry.error === "dropped")).toHaveLength(3);
  });

  it("delay: added before each attempt", async () => {
    receiver.answerWith((index) => (index === 0 ? 500 : 200));
    await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    world.emulator.faults.webhookDelay({ ms: 150 });
    const started = Date.now();
    customerSays("slow");
    const [first, second] = await receiver.waitFor(2);
    expect((first?.receivedAt ?? 0) - started).toBeGreaterThanOrEqual(140);
    // The retry waits its 20 ms plus the added 150 ms.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(160);
  });

  it("duplicate: every delivery is sent twice, the copy after the first answer", async () => {
    receiver.answerWith((index) => (index === 0 ? 500 : 200));
    await registerWebhook(world, { action: "incoming_event", url: receiver.url });
    world.emulator.faults.webhookDuplicate();
    customerSays("twice");
    await settled(world);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((delivery) => delivery.raw)).size).toBe(1);
    // The copy does not change the retry decision: the original got a 500, so it was retried.
    expect(world.emulator.webhookDeliveries().map((entry) => [entry.attempt, entry.duplicate, entry.status])).toEqual([
      [1, false, 500],
      [1, true, 200],
      [2, false, 200],
    ]);
    world.emulator.faults.clear();
    customerSays("once");
    await receiver.waitFor(4);
    await settled(world);
    expect(receiver.received).toHaveLength(4);
  });
});

describe("control API twins", () => {
  async function control<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${world.emulator.url}/_emulator/${route}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it("lists webhooks and deliveries, switches delivery faults and webhook timings", async () => {
    const hook = await registerWebhook(world, { action: "incoming_event", url: receiver.url, secretKey: "k1" });
    const listed = await control<{ id: string; secretKey: string; ownerClientId: string }[]>("GET", `webhooks?ownerClientId=${DEMO_CLIENT_ID}`);
    expect(listed.body).toEqual([expect.objectContaining({ id: hook, secretKey: "k1", ownerClientId: DEMO_CLIENT_ID, action: "incoming_event", type: "license" })]);
    expect((await control<unknown[]>("GET", "webhooks?action=incoming_chat")).body).toEqual([]);

    expect((await control("POST", "faults/webhook-drop", { count: 1 })).status).toBe(200);
    customerSays("one");
    const deliveries = await control<{ webhookId: string; error: string | null }[]>("GET", `webhook-deliveries?webhookId=${hook}`);
    expect(deliveries.body).toEqual([expect.objectContaining({ webhookId: hook, error: "dropped" })]);
    expect((await control("POST", "faults/webhook-delay", { ms: 10 })).status).toBe(200);
    expect((await control("POST", "faults/webhook-duplicate", { enabled: true })).status).toBe(200);
    expect((await control("POST", "faults/webhook-delay", { ms: -1 })).status).toBe(400);
    expect((await control("POST", "faults/clear")).status).toBe(200);
    expect((await control("DELETE", "webhook-deliveries")).status).toBe(200);
    expect(world.emulator.webhookDeliveries()).toEqual([]);

    const timings = await control<{ webhookTimeoutMs: number; webhookRetryDelaysMs: number[] }>("POST", "timings", { webhookTimeoutMs: 500, webhookRetryDelaysMs: [1, 2] });
    expect(timings.body).toMatchObject({ webhookTimeoutMs: 500, webhookRetryDelaysMs: [1, 2] });
    expect((await control("POST", "timings", { webhookRetryDelaysMs: [1, 2, 3, 4] })).status).toBe(400);
  });
});
