// What the dashboard's Worker page reads (lib/data/worker-status.ts) while a worker runs, drops a
// connection and stops; and the access token refreshed ahead of expiry and handed to the live
// session with `update_session` (livechat-api.md 4.3), without a reconnect.
import { afterEach, describe, expect, it } from "vitest";
import { getWorkerStatus } from "../../../lib/data/worker-status";
import { createWorld, waitFor, type World } from "./world";

describe.each(["sqlite", "postgresql"] as const)("worker health (%s)", (provider) => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("shows workers, ownership and the organization's connection", async () => {
    world = await createWorld({ provider });
    const org = world.orgs[0]!;
    const db = world.database.db;
    const worker = await world.startWorker();
    const ready = await waitFor("a ready connection", async () => {
      const status = await getWorkerStatus(db, { orgId: org.orgId });
      return status.connection?.state === "ready" ? status : undefined;
    });
    expect(ready.workers).toEqual([
      expect.objectContaining({ workerId: worker.workerId, isAlive: true, organizationsOwned: 1, ownsThisOrganization: true, stoppedAt: null }),
    ]);
    expect(ready.connection).toMatchObject({ workerId: worker.workerId, lastError: null, stoppedReason: null, reconnectsToday: 0 });
    expect(ready.connection?.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now());
    expect(ready.connection?.lease).toMatchObject({ workerId: worker.workerId, epoch: 1, isHeld: true });

    world.emulator.faults.dropSockets({ organizationId: org.livechatOrgId });
    const reconnected = await waitFor("the reconnect to be counted and the connection ready again", async () => {
      const status = await getWorkerStatus(db, { orgId: org.orgId });
      return status.connection?.state === "ready" && status.connection.reconnectsToday === 1 ? status : undefined;
    });
    expect(reconnected.connection?.stateSince.getTime()).toBeGreaterThan(ready.connection!.stateSince.getTime());

    await worker.stop();
    const stopped = await getWorkerStatus(db, { orgId: org.orgId });
    expect(stopped.workers[0]).toMatchObject({ isAlive: false, organizationsOwned: 0, ownsThisOrganization: false });
    expect(stopped.workers[0]?.stoppedAt).toBeInstanceOf(Date);
    expect(stopped.connection).toMatchObject({ state: "idle" });
    expect(stopped.connection?.lease?.isHeld).toBe(false);
    // A worker that stopped beating (backdated) shows as not responding.
    const later = await getWorkerStatus(db, { orgId: org.orgId, now: new Date(Date.now() + 60_000) });
    expect(later.workers[0]?.isAlive).toBe(false);
  });

  it("refreshes the token before it expires and updates the live session", async () => {
    // Tokens of 8 s: the worker renews at half-life (the 15-minute margin is longer than their life).
    world = await createWorld({ provider, timings: { accessTokenTtlSec: 8 } });
    const org = world.orgs[0]!;
    await world.startWorker();
    const rtm = (action: string) => world!.emulator.requestLog({ surface: "rtm", action, organizationId: org.livechatOrgId }).filter((entry) => entry.status === 200).length;
    await waitFor("logged in", () => rtm("login") === 1);
    await waitFor("an update_session", () => rtm("update_session") >= 1, 15_000, 100);
    const credential = await world.database.db.credential.findUnique({ where: { id: org.credentialId } });
    expect(credential?.refreshedAt).toBeInstanceOf(Date);
    // Past the first token's lifetime the session is still the first one: no expiry disconnect, no new login.
    await waitFor("a second update_session", () => rtm("update_session") >= 2, 15_000, 100);
    expect(rtm("login")).toBe(1);
    expect(world.emulator.pushLog({ action: "agent_disconnected" })).toHaveLength(0);
  });
});
