// The registration cases, run once per database by registration.<provider>.test.ts (one file per
// database, because lib/env.ts reads the configuration once per process).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../../../lib/errors";
import { listWebhooks, registerWebhook, unregisterWebhook } from "../../../../lib/livechat/configuration-api";
import { BOT_MANAGEMENT_SCOPE_PARAM, hasBotManagementScopes, parseScopes, SIGN_IN_SCOPE_PARAM, WEBHOOK_REGISTRATION_SCOPE } from "../../../../lib/livechat/scopes";
import { registerWebhooksAfterGrant } from "../../../../lib/auth/webhooks-after-grant";
import { createLogger } from "../../../../lib/log";
import { reconcileWebhooks } from "../../../../lib/webhooks/reconcile-webhooks";
import { getWebhookRegistration, registerWebhooks } from "../../../../lib/webhooks/registration";
import { NOT_THE_OWNING_ORGANIZATION, ONLY_MANAGERS, MISSING_WEBHOOK_SCOPE } from "../../../../lib/webhooks/registration-errors";
import { DESCRIPTION_PREFIX, WANTED_ACTIONS, webhookDescription, wantedWebhooks } from "../../../../lib/webhooks/wanted-webhooks";
import { DEMO_CLIENT_ID } from "../../../emulator";
import type { TestProvider } from "../../../helpers/database";
import { ACME, PEOPLE, startRegistrationWorld, type RegistrationWorld } from "./registration-world";

const silent = createLogger({}, { level: "error", write: () => undefined });

export function describeRegistration(provider: TestProvider): void {
  describe(`webhook registration against the LiveChat emulator on ${provider}`, () => {
    let world: RegistrationWorld;
    /** A Configuration API context as Acme's owner, for arranging LiveChat's side. */
    const ownerApi = () => ({ apiUrl: world.emulator.url, token: world.emulator.issueTokensFor(PEOPLE.owner, DEMO_CLIENT_ID).access_token });
    const registered = () =>
      world.emulator
        .webhooks({ ownerClientId: DEMO_CLIENT_ID })
        .map(({ id, action, url, type, description, filters, additionalData, secretKey }) => ({ id, action, url, type, description, filters, additionalData, secretKey }))
        .sort((a, b) => a.action.localeCompare(b.action) || a.id.localeCompare(b.id));
    const installationSecret = async () => registered().find((entry) => entry.description?.startsWith(DESCRIPTION_PREFIX))?.secretKey ?? "";
    const requestsDuring = async <T>(work: () => Promise<T>): Promise<{ result: T; requests: string[] }> => {
      const before = world.configurationRequests().length;
      const result = await work();
      return { result, requests: world.configurationRequests().slice(before) };
    };
    const refusal = (work: Promise<unknown>) => work.then(() => null, (error: unknown) => error);

    beforeAll(async () => {
      world = await startRegistrationWorld(provider, { webhookUrl: "receiver" });
    });

    afterAll(async () => {
      await world?.close();
    });

    beforeEach(async () => {
      // Every case starts with nothing registered in LiveChat and no installation here.
      const api = ownerApi();
      for (const entry of world.emulator.webhooks({ ownerClientId: DEMO_CLIENT_ID })) {
        await unregisterWebhook(api, { id: entry.id, ownerClientId: DEMO_CLIENT_ID });
      }
      await world.db.webhookInstallation.deleteMany({});
    });

    it("registers the five bot webhooks on an owner's grant, and a second grant changes nothing", async () => {
      const owner = await world.signIn(PEOPLE.owner);
      const view = await registerWebhooks(world.db, owner);
      expect(view).toMatchObject({ state: "registered", url: world.receiver.url, lastError: null, actions: [...WANTED_ACTIONS].sort() });
      const first = registered();
      expect(first.map((entry) => entry.action)).toEqual([...WANTED_ACTIONS].sort());
      const secret = await installationSecret();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      for (const [index, want] of wantedWebhooks({ url: world.receiver.url, secret }).entries()) {
        const entry = first.find((candidate) => candidate.action === want.action);
        expect(entry, `${index} ${want.action}`).toMatchObject({
          url: world.receiver.url,
          type: "bot",
          description: webhookDescription(secret),
          filters: want.filters,
          additionalData: ["chat_presence_user_ids"],
        });
      }
      const row = await world.db.webhookInstallation.findUniqueOrThrow({ where: { clientId: DEMO_CLIENT_ID } });
      expect(row.secretKeyEnc).not.toContain(secret);
      expect(JSON.parse(row.webhooks)).toHaveLength(5);

      const again = await requestsDuring(() => registerWebhooks(world.db, owner));
      expect(again.requests).toEqual(["list_webhooks"]);
      expect(registered()).toEqual(first);
    });

    it("keeps the same five when another administrator grants too", async () => {
      await registerWebhooks(world.db, await world.signIn(PEOPLE.owner));
      const first = registered();
      const admin = await world.signIn(PEOPLE.admin);
      expect((await registerWebhooks(world.db, admin)).state).toBe("registered");
      expect(registered()).toEqual(first);
    });

    it("leaves five, not ten, when two administrators grant at the same moment", async () => {
      const [owner, admin] = await Promise.all([world.signIn(PEOPLE.owner), world.signIn(PEOPLE.admin)]);
      const views = await Promise.all([registerWebhooks(world.db, owner), registerWebhooks(world.db, admin)]);
      expect(views.map((view) => view.state)).toEqual(["registered", "registered"]);
      expect(registered().map((entry) => entry.action)).toEqual([...WANTED_ACTIONS].sort());
    });

    it("leaves five when two processes register at the same moment (no shared lock)", async () => {
      const owner = await world.signIn(PEOPLE.owner);
      await registerWebhooks(world.db, owner);
      const secret = await installationSecret();
      const api = ownerApi();
      for (const entry of world.emulator.webhooks({ ownerClientId: DEMO_CLIENT_ID })) await unregisterWebhook(api, { id: entry.id, ownerClientId: DEMO_CLIENT_ID });
      // Two reconciliations with the installation's one secret, as two web instances would run them.
      const input = { api, clientId: DEMO_CLIENT_ID, url: world.receiver.url, secret, wanted: wantedWebhooks({ url: world.receiver.url, secret }) };
      const [a, b] = await Promise.all([reconcileWebhooks(input), reconcileWebhooks(input)]);
      const left = registered();
      expect(left.map((entry) => entry.action)).toEqual([...WANTED_ACTIONS].sort());
      expect(a.webhooks.map((entry) => entry.id).sort()).toEqual(left.map((entry) => entry.id).sort());
      expect(b.webhooks.map((entry) => entry.id).sort()).toEqual(left.map((entry) => entry.id).sort());
    });

    it("replaces registrations made with an older secret, and leaves other registrations of the Client ID alone", async () => {
      const api = ownerApi();
      for (const want of wantedWebhooks({ url: world.receiver.url, secret: "an older secret of this installation" })) {
        await registerWebhook(api, { ...want, secretKey: "an older secret of this installation", ownerClientId: DEMO_CLIENT_ID });
      }
      await registerWebhook(api, { action: "incoming_chat", type: "bot", url: "https://elsewhere.example/hook", secretKey: "theirs", ownerClientId: DEMO_CLIENT_ID, description: "another tool" });
      const stale = registered().filter((entry) => entry.url === world.receiver.url).map((entry) => entry.id);

      const view = await registerWebhooks(world.db, await world.signIn(PEOPLE.owner));
      expect(view.state).toBe("registered");
      const now = registered();
      const secret = await installationSecret();
      expect(now.filter((entry) => entry.url === world.receiver.url).map((entry) => [entry.action, entry.description])).toEqual(
        [...WANTED_ACTIONS].sort().map((action) => [action, webhookDescription(secret)]),
      );
      expect(now.some((entry) => stale.includes(entry.id))).toBe(false);
      expect(now.filter((entry) => entry.url === "https://elsewhere.example/hook")).toHaveLength(1);
    });

    it("says what to do when other registrations use up LiveChat's 3 webhooks per action", async () => {
      const api = ownerApi();
      for (let index = 0; index < 3; index += 1) {
        await registerWebhook(api, { action: "incoming_event", type: "bot", url: `https://elsewhere.example/${index}`, secretKey: "theirs", ownerClientId: DEMO_CLIENT_ID });
      }
      const error = await refusal(registerWebhooks(world.db, await world.signIn(PEOPLE.owner)));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/3 webhooks per action.*incoming_event.*Unregister/);
      expect(await getWebhookRegistration(world.db)).toMatchObject({ state: "failed", lastError: (error as AppError).message });
      expect(registered().filter((entry) => entry.url === world.receiver.url)).toEqual([]);
    });

    it("refuses an administrator of another organization in plain words, and the registration stays", async () => {
      await registerWebhooks(world.db, await world.signIn(PEOPLE.owner));
      const before = registered();
      const globexAdmin = await world.signIn(PEOPLE.globexAdmin);
      const error = await refusal(registerWebhooks(world.db, globexAdmin));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("forbidden");
      expect((error as AppError).message).toContain("Only an administrator of the LiveChat organization that owns this app can register its webhooks");
      expect((error as AppError).message).toBe(NOT_THE_OWNING_ORGANIZATION);
      expect((await getWebhookRegistration(world.db)).state).toBe("registered");
      expect(registered()).toEqual(before);
    });

    it("marks the installation failed when the first registration is refused that way", async () => {
      const error = await refusal(registerWebhooks(world.db, await world.signIn(PEOPLE.globexAdmin)));
      expect((error as AppError).message).toBe(NOT_THE_OWNING_ORGANIZATION);
      expect(await getWebhookRegistration(world.db)).toMatchObject({ state: "failed", lastError: NOT_THE_OWNING_ORGANIZATION });
    });

    it("lets only managers whose credential holds the webhook scope register, without asking LiveChat otherwise", async () => {
      const agent = await world.signIn(PEOPLE.agent, SIGN_IN_SCOPE_PARAM);
      const byAgent = await requestsDuring(() => refusal(registerWebhooks(world.db, agent)));
      expect((byAgent.result as AppError).message).toBe(ONLY_MANAGERS);
      const olderGrant = parseScopes(BOT_MANAGEMENT_SCOPE_PARAM).filter((scope) => scope !== WEBHOOK_REGISTRATION_SCOPE);
      expect(hasBotManagementScopes(olderGrant)).toBe(true);
      const admin = await world.signIn(PEOPLE.admin, olderGrant.join(","));
      // A credential stored before the grant asked for the webhook scope (a later, wider one would be kept).
      await world.db.credential.updateMany({ where: { userId: admin.userId, orgId: admin.orgId }, data: { scopes: olderGrant.join(",") } });
      const byOlderGrant = await requestsDuring(() => refusal(registerWebhooks(world.db, admin)));
      expect((byOlderGrant.result as AppError).message).toBe(MISSING_WEBHOOK_SCOPE);
      expect([...byAgent.requests, ...byOlderGrant.requests]).toEqual([]);
      expect(registered()).toEqual([]);
    });

    it("registers after a manager's grant without the sign-in waiting for it", async () => {
      const owner = await world.signIn(PEOPLE.owner);
      const returned = registerWebhooksAfterGrant({ ...owner, role: "owner", scopes: parseScopes(BOT_MANAGEMENT_SCOPE_PARAM) }, silent);
      expect(returned).toBeUndefined();
      await expect.poll(async () => (await getWebhookRegistration(world.db)).state).toBe("registered");
      expect(registered()).toHaveLength(5);
    });

    it("brings a customer's new chat with an accepting bot into the inbox, through LiveChat's own delivery", async () => {
      const owner = await world.signIn(PEOPLE.owner);
      await registerWebhooks(world.db, owner);
      const { chatId } = world.emulator.startChat({ organizationId: ACME, message: "Hello?" });
      await expect
        .poll(async () => world.db.webhookInbox.findMany({ where: { orgId: owner.orgId, action: "incoming_chat" }, select: { status: true, body: true } }))
        .toEqual([{ status: "pending", body: expect.stringContaining(chatId) }]);
    });

    it("counts what it asked LiveChat under the organization", async () => {
      const owner = await world.signIn(PEOPLE.owner);
      const before = (await listWebhooks(ownerApi(), { ownerClientId: DEMO_CLIENT_ID })).length;
      expect(before).toBe(0);
      const { requests } = await requestsDuring(() => registerWebhooks(world.db, owner));
      expect(requests.filter((action) => action === "register_webhook")).toHaveLength(5);
      expect(world.emulator.requestLog({ surface: "configuration", action: "register_webhook" }).every((entry) => entry.organizationId === ACME)).toBe(true);
    });
  });
}
