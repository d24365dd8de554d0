// POST /api/livechat/webhooks over real HTTP, on SQLite and PostgreSQL (livechat-api.md 7.2): a
// delivery with the right secret_key is stored once for the worker, whatever LiveChat retries;
// anything else is refused before it touches the inbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { WEBHOOK_CHANNEL } from "../../../lib/webhooks/inbox-channel";
import { deliveryKey } from "../../../lib/webhooks/delivery-key";
import { forgetSecrets } from "../../../lib/webhooks/secret-cache";
import { forgetLastWebhookTouches } from "../../../lib/webhooks/last-webhook-at";
import { useAsDefaultDb as makeDefaultDb } from "../../helpers/default-db";
import type { TestProvider } from "../../helpers/database";
import { postChunked } from "./support/serve-route";
import { CLIENT_ID, customerMessage, startReceiverWorld, type ReceiverWorld } from "./support/receiver-world";

const MB = 1024 * 1024;

describe.each<TestProvider>(["sqlite", "postgresql"])("the webhook receiver on %s", (provider) => {
  let world: ReceiverWorld;
  const inbox = () => world.db.webhookInbox.findMany({ orderBy: { receivedAt: "asc" } });

  beforeAll(async () => {
    world = await startReceiverWorld(provider);
  });

  afterAll(async () => {
    await world?.close();
  });

  beforeEach(async () => {
    // The route reads the process-wide client: this describe's database. Every case starts with
    // nothing cached, so the secret is read from the installation row.
    makeDefaultDb(world.database);
    forgetSecrets();
    forgetLastWebhookTouches();
    await world.db.webhookInbox.deleteMany({});
  });

  it("stores a delivery with the right secret_key once, as pending for the worker, and answers 200 {}", async () => {
    const delivery = customerMessage(world);
    const answer = await world.post(delivery);
    expect(answer).toEqual({ status: 200, body: {} });
    const rows = await inbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      deliveryKey: deliveryKey("incoming_event", delivery.payload),
      orgId: world.org.id,
      livechatOrganizationId: world.org.livechatOrganizationId,
      action: "incoming_event",
      webhookId: delivery.webhook_id,
      status: "pending",
    });
    expect(JSON.parse(rows[0]!.body)).toEqual({ payload: delivery.payload, additional_data: delivery.additional_data });
    expect(rows[0]!.body).not.toContain(world.secret);
    const org = await world.db.organization.findUniqueOrThrow({ where: { id: world.org.id } });
    expect(org.lastWebhookAt).toBeInstanceOf(Date);
  });

  it("stores LiveChat's retry, and the same payload from a duplicate registration, only once", async () => {
    const delivery = customerMessage(world);
    expect((await world.post(delivery)).status).toBe(200);
    expect((await world.post(delivery)).status).toBe(200);
    expect((await world.post({ ...delivery, webhook_id: "another-registration" })).status).toBe(200);
    expect(await inbox()).toHaveLength(1);
  });

  it("answers 401 to a wrong secret_key and stores nothing", async () => {
    const answer = await world.post(customerMessage(world, { secret_key: `${world.secret}x` }));
    expect(answer.status).toBe(401);
    expect(await world.post(customerMessage(world, { secret_key: "short" }))).toMatchObject({ status: 401 });
    expect(await inbox()).toEqual([]);
  });

  it("answers 401 when this installation has no secret at all", async () => {
    const row = await world.db.webhookInstallation.findUniqueOrThrow({ where: { clientId: CLIENT_ID } });
    await world.db.webhookInstallation.delete({ where: { clientId: CLIENT_ID } });
    try {
      expect((await world.post(customerMessage(world))).status).toBe(401);
      expect(await inbox()).toEqual([]);
    } finally {
      await world.db.webhookInstallation.create({ data: row });
    }
  });

  it("answers 413 to a 2 MB body, declared or chunked, before storing anything", async () => {
    const big = JSON.stringify(customerMessage(world, { padding: "x".repeat(2 * MB) }));
    const declared = await fetch(world.served.url, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(413);
    const chunk = Buffer.from(big.slice(0, 64 * 1024));
    const chunked = await postChunked(world.served.url, Array.from({ length: 32 }, () => chunk));
    expect(chunked.status).toBe(413);
    expect(await inbox()).toEqual([]);
  });

  it("answers 400 to a body that is not JSON, or not a delivery", async () => {
    expect((await world.post("{not json")).status).toBe(400);
    expect((await world.post({ hello: "world" })).status).toBe(400);
    expect(await inbox()).toEqual([]);
  });

  it("stores deliveries of an unknown organization and of actions the worker does not handle as ignored", async () => {
    expect((await world.post(customerMessage(world, { organization_id: "not-an-organization-here" }))).status).toBe(200);
    expect((await world.post(customerMessage(world, { action: "bot_updated", payload: { id: "bot-1" } }))).status).toBe(200);
    const rows = await inbox();
    expect(rows.map((row) => ({ orgId: row.orgId, action: row.action, status: row.status }))).toEqual([
      { orgId: null, action: "incoming_event", status: "ignored" },
      { orgId: world.org.id, action: "bot_updated", status: "ignored" },
    ]);
  });

  it("answers 503 while the inbox cannot be written, and stores LiveChat's retry once after it can", async () => {
    // A first delivery leaves the secret in the cache, so the next one fails at the insert itself.
    expect((await world.post(customerMessage(world))).status).toBe(200);
    const delivery = customerMessage(world);
    await breakInbox(world, provider);
    try {
      const refused = await world.post(delivery);
      expect(refused.status).toBe(503);
    } finally {
      await repairInbox(world, provider);
    }
    expect(await inbox()).toHaveLength(1);
    expect((await world.post(delivery)).status).toBe(200);
    expect((await world.post(delivery)).status).toBe(200);
    const rows = await inbox();
    expect(rows.filter((row) => row.deliveryKey === deliveryKey(delivery.action, delivery.payload))).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

});

describe("the webhook receiver's notification on postgresql", () => {
  let world: ReceiverWorld;

  beforeAll(async () => {
    world = await startReceiverWorld("postgresql");
  });

  afterAll(async () => {
    await world?.close();
  });

  it("tells the worker on botdesk_webhook which organization got a pending delivery", async () => {
    expect(WEBHOOK_CHANNEL).toBe("botdesk_webhook");
    const listener = new pg.Client({ connectionString: world.database.url });
    await listener.connect();
    try {
      await listener.query(`LISTEN ${WEBHOOK_CHANNEL}`);
      const heard = new Promise<string | undefined>((resolve) => listener.once("notification", (message) => resolve(message.payload)));
      expect((await world.post(customerMessage(world))).status).toBe(200);
      expect(await heard).toBe(world.org.id);
    } finally {
      await listener.end();
    }
  });
});

/**
 * Makes the inbox unwritable for real. PostgreSQL: the database refuses connections and the open
 * ones are cut, as when the server goes away. SQLite (a file, nothing to disconnect): the table is
 * renamed away, so the insert fails inside the database.
 */
async function breakInbox(world: ReceiverWorld, provider: TestProvider): Promise<void> {
  if (provider === "postgresql") {
    await adminQuery(world, (name) => [
      `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
    ]);
  } else {
    await world.db.$executeRawUnsafe('ALTER TABLE "WebhookInbox" RENAME TO "WebhookInboxAway"');
  }
}

async function repairInbox(world: ReceiverWorld, provider: TestProvider): Promise<void> {
  if (provider === "postgresql") await adminQuery(world, (name) => [`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`]);
  else await world.db.$executeRawUnsafe('ALTER TABLE "WebhookInboxAway" RENAME TO "WebhookInbox"');
}

async function adminQuery(world: ReceiverWorld, statements: (name: string) => string[]): Promise<void> {
  const url = new URL(world.database.url);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    for (const statement of statements(name)) await admin.query(statement);
  } finally {
    await admin.end();
  }
}
