// Leases with epochs and exactly-once claims on real SQLite and PostgreSQL. Expiry is simulated by
// backdating `expiresAt`, never by sleeping; races are run by starting many instances at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { ClaimStore, type ClaimKey } from "../../../worker/claims";
import { LeaseStore } from "../../../worker/leases";

describe.each(["sqlite", "postgresql"] as const)("leases and claims (%s)", (provider) => {
  let database: TestDatabase;
  const orgIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    for (let index = 0; index < 20; index += 1) {
      const org = await database.db.organization.create({ data: { livechatOrganizationId: `lc-${provider}-${index}`, name: `Org ${index}` } });
      orgIds.push(org.id);
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  const backdate = (orgId: string) => database.db.orgLease.update({ where: { orgId }, data: { expiresAt: new Date(Date.now() - 1_000) } });

  it("gives a free organization to one worker, and a new epoch to the next owner after expiry", async () => {
    const orgId = orgIds[0]!;
    const a = new LeaseStore(database.db, "worker-a", 15_000);
    const b = new LeaseStore(database.db, "worker-b", 15_000);
    const [grantA] = await a.acquire([orgId]);
    expect(grantA?.epoch).toBe(1);
    expect(await b.acquire([orgId])).toEqual([]);

    await backdate(orgId);
    const [grantB] = await b.acquire([orgId]);
    expect(grantB?.epoch).toBe(2);
    // The old owner learns it on its next renewal.
    expect((await a.renew(new Map([[orgId, 1]]))).lost).toEqual([orgId]);
    expect((await b.renew(new Map([[orgId, 2]]))).lost).toEqual([]);

    // Releasing keeps the epoch; the next owner bumps it.
    await b.release(new Map([[orgId, 2]]));
    const [again] = await a.acquire([orgId]);
    expect(again?.epoch).toBe(3);
  });

  it("hands each organization to exactly one of ten workers starting at once", async () => {
    const contested = orgIds.slice(1, 11);
    const stores = Array.from({ length: 10 }, (_, index) => new LeaseStore(database.db, `racer-${index}`, 15_000));
    const results = await Promise.allSettled(stores.map((store) => store.acquire(contested)));
    const grants = results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
    expect(grants.map((grant) => grant.orgId).sort()).toEqual([...contested].sort());
    const rows = await database.db.orgLease.findMany({ where: { orgId: { in: contested } } });
    expect(rows.every((row) => row.workerId?.startsWith("racer-") && row.epoch === 1)).toBe(true);
  });

  it("acquires, renews and releases more organizations than one statement may name", async () => {
    const many = Array.from({ length: 1_200 }, (_, index) => `bulk-${provider}-${index}`);
    await database.db.organization.createMany({ data: many.map((id) => ({ id, livechatOrganizationId: id, name: id })) });
    const store = new LeaseStore(database.db, "bulk-worker", 15_000);
    const grants = await store.acquire(many);
    expect(grants).toHaveLength(1_200);
    const owned = new Map(grants.map((grant) => [grant.orgId, grant.epoch]));
    expect((await store.renew(owned)).lost).toEqual([]);
    await backdate(many[0]!);
    await new LeaseStore(database.db, "thief", 15_000).acquire([many[0]!]);
    expect((await store.renew(owned)).lost).toEqual([many[0]]);
    await store.releaseAll();
    expect(await database.db.orgLease.count({ where: { workerId: "bulk-worker" } })).toBe(0);
  });

  it("lets exactly one of several concurrent claims of one event win", async () => {
    const orgId = orgIds[11]!;
    const lease = new LeaseStore(database.db, "claimer", 15_000);
    const [grant] = await lease.acquire([orgId]);
    const key: ClaimKey = { orgId, botId: "bot-1", eventId: "EV1_1", workerId: "claimer", epoch: grant!.epoch };
    const stores = Array.from({ length: 8 }, () => new ClaimStore(database.db, provider));
    const outcomes = await Promise.allSettled(stores.map((store) => store.claim(key, { chatId: "CHAT1", threadId: "TH1" })));
    const kinds = outcomes.map((outcome) => (outcome.status === "fulfilled" ? outcome.value.kind : `error: ${String(outcome.reason)}`));
    expect(kinds.filter((kind) => kind === "claimed")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "duplicate")).toHaveLength(7);
    // Another bot may claim the same event for itself.
    expect((await stores[0]!.claim({ ...key, botId: "bot-2" }, { chatId: "CHAT1", threadId: "TH1" })).kind).toBe("claimed");
  });

  it("refuses the claims and finishes of a stale owner, and lets the new owner recover its claim", async () => {
    const orgId = orgIds[12]!;
    const a = new LeaseStore(database.db, "stale", 15_000);
    const b = new LeaseStore(database.db, "fresh", 15_000);
    const claims = new ClaimStore(database.db, provider);
    const [grantA] = await a.acquire([orgId]);
    const keyA: ClaimKey = { orgId, botId: "bot-1", eventId: "EV2_1", workerId: "stale", epoch: grantA!.epoch };
    expect((await claims.claim(keyA, { chatId: "C", threadId: "T" })).kind).toBe("claimed");

    // A pauses; its lease runs out and B takes over.
    await backdate(orgId);
    const [grantB] = await b.acquire([orgId]);
    expect((await claims.claim({ ...keyA, eventId: "EV2_2" }, { chatId: "C", threadId: "T" })).kind).toBe("fenced");

    // B finds A's unfinished claim and takes it over under its epoch.
    const keyB: ClaimKey = { ...keyA, workerId: "fresh", epoch: grantB!.epoch };
    const recovered = await claims.claim(keyB, { chatId: "C", threadId: "T" });
    expect(recovered).toEqual({ kind: "recovered", previousWorkerId: "stale" });
    // A wakes up and tries to finish: refused.
    expect(await claims.finish(keyA, { status: "done", activity: { outcome: "replied", chatId: "C" } })).toBe(false);
    expect(await claims.finish(keyB, { status: "done", chatState: { chatId: "C", state: { botReplies: 1 } }, activity: { outcome: "replied", chatId: "C" } })).toBe(true);
    expect((await claims.claim(keyB, { chatId: "C", threadId: "T" })).kind).toBe("duplicate");
    const row = await database.db.handledEvent.findUnique({ where: { livechatEventId_botId: { livechatEventId: "EV2_1", botId: "bot-1" } } });
    expect(row).toMatchObject({ status: "done", workerId: "fresh", leaseEpoch: grantB!.epoch });
    expect(await database.db.activity.count({ where: { eventId: "EV2_1" } })).toBe(1);
  });

  it("records a missed message once", async () => {
    const orgId = orgIds[13]!;
    const lease = new LeaseStore(database.db, "misser", 15_000);
    const [grant] = await lease.acquire([orgId]);
    const claims = new ClaimStore(database.db, provider);
    const key: ClaimKey = { orgId, botId: "bot-1", eventId: "EV3_1", workerId: "misser", epoch: grant!.epoch };
    const activity = { outcome: "missed" as const, chatId: "C" };
    const results = await Promise.all([1, 2, 3].map(() => claims.recordMissed(key, { chatId: "C", threadId: "T" }, activity)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await database.db.activity.count({ where: { eventId: "EV3_1" } })).toBe(1);
  });
});
