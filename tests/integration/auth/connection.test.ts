// Taking over the organization's worker connection, on both databases: only with a working
// credential that has bot management access, only from the state the admin saw, recorded in the
// audit log, and with exactly one winner when two admins act at once.
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getConnectionStatus, takeOverConnection } from "../../../lib/data/organizations";
import { BOT_MANAGEMENT_SCOPE_PARAM, SIGN_IN_SCOPE_PARAM } from "../../../lib/livechat/scopes";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { seedTenantFixtures, type TenantFixtures } from "../../helpers/tenant-isolation/fixtures";

const keyring = [{ id: "k1", key: crypto.randomBytes(32) }];

describe.each<TestProvider>(["sqlite", "postgresql"])("the worker connection on %s", (provider) => {
  let database: TestDatabase;
  let f: TenantFixtures;

  async function admin(tag: string, scopes = BOT_MANAGEMENT_SCOPE_PARAM, status = "active") {
    const user = await database.db.user.create({ data: { accountId: tag, email: `${tag}@example.test`, name: tag } });
    await database.db.membership.create({ data: { userId: user.id, orgId: f.a.orgId, role: "administrator" } });
    const credential = await database.db.credential.create({
      data: { userId: user.id, orgId: f.a.orgId, accessTokenEnc: "sealed", refreshTokenEnc: "sealed", accessTokenExpiresAt: new Date(), scopes, status },
    });
    return { userId: user.id, credentialId: credential.id };
  }

  const connectionOf = async (orgId: string) => (await database.db.organization.findUniqueOrThrow({ where: { id: orgId } })).connectionCredentialId;
  const takeOver = (userId: string, expectedCredentialId: string | null) =>
    database.db.$transaction((tx) => takeOverConnection(tx, { orgId: f.a.orgId, userId, expectedCredentialId }));

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await seedTenantFixtures(database.db, { secret: "x".repeat(32), keyring });
  });

  afterEach(async () => {
    await database.drop();
  });

  it("moves to the acting admin's credential, tells the worker, and records who did it", async () => {
    const adam = await admin("adam");
    const versionBefore = (await database.db.organization.findUniqueOrThrow({ where: { id: f.a.orgId } })).configVersion;
    await takeOver(adam.userId, f.a.connectionCredentialId);
    expect(await connectionOf(f.a.orgId)).toBe(adam.credentialId);
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: f.a.orgId } })).configVersion).toBe(versionBefore + 1);
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { orgId: f.a.orgId } });
    expect(audit).toMatchObject({ actorUserId: adam.userId, action: "connection.take_over", targetType: "organization" });
    expect(JSON.parse(audit.changes!)).toEqual({ before: { credentialId: f.a.connectionCredentialId }, after: { credentialId: adam.credentialId } });
    expect((await getConnectionStatus(database.db, { orgId: f.a.orgId })).holder?.userId).toBe(adam.userId);
  });

  it("refuses admins whose own authorization cannot run bots", async () => {
    const basic = await admin("basic", SIGN_IN_SCOPE_PARAM);
    const expired = await admin("expired", BOT_MANAGEMENT_SCOPE_PARAM, "needs_reauth");
    for (const { userId } of [basic, expired]) {
      await expect(takeOver(userId, f.a.connectionCredentialId)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/^Grant bot management access first/) });
    }
    expect(await connectionOf(f.a.orgId)).toBe(f.a.connectionCredentialId);
  });

  it("refuses to act on a connection that changed since the admin looked, or that belongs elsewhere", async () => {
    const adam = await admin("adam");
    const eve = await admin("eve");
    await takeOver(adam.userId, f.a.connectionCredentialId);
    await expect(takeOver(eve.userId, f.a.connectionCredentialId)).rejects.toMatchObject({ code: "conflict" });
    await expect(takeOver(eve.userId, f.b.connectionCredentialId)).rejects.toMatchObject({ code: "not_found" });
    expect(await connectionOf(f.a.orgId)).toBe(adam.credentialId);
    expect(await connectionOf(f.b.orgId)).toBe(f.b.connectionCredentialId);
  });

  it("lets exactly one of two admins win when both take over at once", async () => {
    const adam = await admin("adam");
    const eve = await admin("eve");
    const results = await Promise.allSettled([takeOver(adam.userId, f.a.connectionCredentialId), takeOver(eve.userId, f.a.connectionCredentialId)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect([adam.credentialId, eve.credentialId]).toContain(await connectionOf(f.a.orgId));
    expect(await database.db.auditLog.count({ where: { orgId: f.a.orgId } })).toBe(1);
  });
});
