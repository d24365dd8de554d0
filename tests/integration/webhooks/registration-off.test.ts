// LIVECHAT_WEBHOOK_URL=off: no webhooks. Registration reports `disabled` and asks LiveChat nothing
// (livechat-api.md 10.1: every request is billed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWebhookRegistration, registerWebhooks } from "../../../lib/webhooks/registration";
import { DEMO_CLIENT_ID } from "../../emulator";
import { PEOPLE, startRegistrationWorld, type RegistrationWorld } from "./support/registration-world";

describe("webhook registration with LIVECHAT_WEBHOOK_URL=off", () => {
  let world: RegistrationWorld;

  beforeAll(async () => {
    world = await startRegistrationWorld("sqlite", { webhookUrl: "off" });
  });

  afterAll(async () => {
    await world?.close();
  });

  it("is disabled, and a grant sends no request to LiveChat", async () => {
    const owner = await world.signIn(PEOPLE.owner);
    await world.db.webhookInstallation.create({ data: { clientId: DEMO_CLIENT_ID, secretKeyEnc: "v1.k1.a.b.c", state: "registered", url: "https://old.example/hook" } });
    const seqBefore = world.emulator.requestLog().at(-1)?.seq ?? 0;
    const view = await registerWebhooks(world.db, owner);
    expect(view).toEqual({ state: "disabled", url: null, lastError: null, registeredAt: null, actions: [] });
    expect(world.emulator.requestLog({ sinceSeq: seqBefore })).toEqual([]);
    expect(await getWebhookRegistration(world.db)).toMatchObject({ state: "disabled" });
    // The row says so too, for the worker, which does not read LIVECHAT_WEBHOOK_URL.
    expect(await world.db.webhookInstallation.findUniqueOrThrow({ where: { clientId: DEMO_CLIENT_ID } })).toMatchObject({ state: "disabled", url: null });
    expect(world.emulator.webhooks()).toEqual([]);
  });
});
