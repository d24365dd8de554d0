// Every `agent_disconnected` reason of livechat-api.md 4.6, sent by the emulator to the live
// connection, against the worker's table: reconnect, refresh then reconnect, or stop and show the
// reason on the dashboard (and come back once the administrator signs in again).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECONNECT_POLICY } from "../../../worker/reconnect-policy";
import type { Worker } from "../../../worker/worker";
import { CLIENT_ID, createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type SeededOrg, type World } from "./world";

const reasons = [...Object.keys(RECONNECT_POLICY), "some_future_reason"];

describe("agent_disconnected reasons (sqlite)", () => {
  let world: World;
  let worker: Worker;
  let org: SeededOrg;

  beforeAll(async () => {
    world = await createWorld({ provider: "sqlite" });
    org = world.orgs[0]!;
    worker = await world.startWorker();
  });
  afterAll(async () => {
    await world?.close();
  });

  const logins = () => world.emulator.requestLog({ surface: "rtm", action: "login", organizationId: org.livechatOrgId }).filter((entry) => entry.status === 200).length;
  const refreshes = () => world.emulator.requestLog({ surface: "accounts" }).filter((entry) => entry.action.includes("/v2/token") && entry.status === 200).length;
  const connection = () => world.database.db.orgConnection.findUnique({ where: { orgId: org.orgId } });

  async function ready() {
    await waitFor("the organization to be served", async () => worker.ownedOrgIds().includes(org.orgId) && (await connection())?.state === "ready", 15_000);
  }

  it.each(reasons)("%s", async (reason) => {
    await ready();
    const action = RECONNECT_POLICY[reason] ?? "reconnect";
    const loginsBefore = logins();
    const refreshesBefore = refreshes();
    const data = reason.startsWith("misdirected") ? { region: "fra" } : undefined;
    expect(world.emulator.faults.disconnect({ organizationId: org.livechatOrgId, reason, ...(data ? { data } : {}) })).toBe(1);

    if (action === "stop") {
      const stopped = await waitFor("the stop to be recorded", async () => {
        const row = await connection();
        return row?.state === "stopped" && !worker.ownedOrgIds().includes(org.orgId) ? row : undefined;
      });
      expect(stopped.lastError).toBe(reason);
      expect(stopped.stoppedReason).toBeTruthy();
      if (data) expect(stopped.stoppedReason).toContain("fra");
      const lease = await world.database.db.orgLease.findUnique({ where: { orgId: org.orgId } });
      expect(lease?.workerId).toBeNull();
      // Nobody reconnects on its own: the runtime is gone and the organization is not eligible.
      expect(logins()).toBe(loginsBefore);
      // A new sign-in (the credential changes) brings it back.
      await world.database.db.credential.update({ where: { id: org.credentialId }, data: { refreshedAt: new Date() } });
      await waitFor("a login after the new sign-in", () => logins() > loginsBefore, 15_000);
      await ready();
      expect((await connection())?.stoppedReason).toBeNull();
      return;
    }
    await waitFor("a new login", () => logins() > loginsBefore, 15_000);
    if (action === "refresh_then_reconnect") expect(refreshes()).toBeGreaterThan(refreshesBefore);
    else expect(refreshes()).toBe(refreshesBefore);
    await ready();
  });

  it("stops and asks for a new sign-in when the refresh token was revoked", async () => {
    await ready();
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    // livechat-api.md 1.8: revoking the refresh token kills its access tokens; the socket gets
    // `access_token_revoked`, the refresh answers `invalid_grant`.
    expect(world.emulator.faults.revokeRefreshTokens({ account: org.adminEmail })).toBeGreaterThan(0);
    const stopped = await waitFor("the stop", async () => {
      const row = await connection();
      return row?.state === "stopped" ? row : undefined;
    }, 15_000);
    expect(stopped.stoppedReason).toMatch(/sign in again/i);
    const credential = await world.database.db.credential.findUnique({ where: { id: org.credentialId } });
    expect(credential?.status).toBe("needs_reauth");
    expect(worker.ownedOrgIds()).not.toContain(org.orgId);

    // The administrator signs in again: fresh tokens, active credential → served again.
    const { sealSecret } = await import("../../../lib/crypto/secret-box");
    const tokens = world.emulator.issueTokensFor(org.adminEmail, CLIENT_ID);
    await world.database.db.credential.update({
      where: { id: org.credentialId },
      data: {
        status: "active",
        statusReason: null,
        accessTokenEnc: sealSecret(tokens.access_token, { table: "Credential", id: org.credentialId, column: "accessTokenEnc" }, world.keyring),
        refreshTokenEnc: sealSecret(tokens.refresh_token, { table: "Credential", id: org.credentialId, column: "refreshTokenEnc" }, world.keyring),
        accessTokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000),
      },
    });
    await ready();
    await waitFollowed(world, org, chat.chatId);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "refund?");
    await waitFor("a reply", () => repliesTo(world.emulator, chat.chatId, eventId).length === 1, 15_000);
  });
});
