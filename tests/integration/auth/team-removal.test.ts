// An owner removes a member on the Team page (its server action, called as Next.js calls it), on both
// databases: the membership, the stored LiveChat credential (revoked at LiveChat too, over HTTP) and
// every session of the member end; a worker connection that was theirs is cleared for another admin
// to take over. Owners cannot remove themselves; nobody but owners can remove anyone.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<Record<string, unknown>>()), revalidatePath: () => undefined }));

import { removeMember } from "@/app/(app)/orgs/[orgId]/team/actions";
import * as teamRoute from "@/app/api/orgs/[orgId]/team/route";
import type { Team } from "../../../lib/validation/organization";
import { DEMO_ACCOUNTS, type Emulator } from "../../emulator";
import type { TestProvider } from "../../helpers/database";
import { setRequest } from "../../helpers/tenant-isolation/next-headers";
import { APP_URL, startAuthWorld, startEmulatorForAuth, type AuthWorld, type Member } from "./world";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
});
afterAll(async () => {
  await emulator?.close();
});

async function removeAs(by: Member, userId: string) {
  setRequest({ cookie: by.cookie, origin: APP_URL });
  return removeMember({ orgId: by.orgId, userId });
}

describe.each<TestProvider>(["sqlite", "postgresql"])("removing a member on %s", (provider) => {
  let world: AuthWorld;
  let owner: Member;
  let admin: Member;
  let agent: Member;

  beforeAll(async () => {
    world = await startAuthWorld(provider, emulator);
  });
  afterAll(async () => {
    await world?.close();
  });
  beforeEach(async () => {
    owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
    admin = await world.signIn(DEMO_ACCOUNTS.administrator.email, { botManagement: true });
    agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
    emulator.clearLog();
  });

  it("ends the member's membership, stored authorization, sessions and worker connection", async () => {
    const db = world.database.db;
    await db.organization.update({ where: { id: owner.orgId }, data: { connectionCredentialId: admin.credentialId } });
    const secondBrowser = await world.signIn(DEMO_ACCOUNTS.administrator.email, { botManagement: true });
    const { configVersion } = await db.organization.findUniqueOrThrow({ where: { id: owner.orgId } });

    expect(await removeAs(owner, admin.userId)).toEqual({ ok: true, data: { name: DEMO_ACCOUNTS.administrator.name, heldConnection: true } });

    expect(await db.membership.findFirst({ where: { orgId: owner.orgId, userId: admin.userId } })).toBeNull();
    expect(await db.credential.findFirst({ where: { orgId: owner.orgId, userId: admin.userId } })).toBeNull();
    const org = await db.organization.findUniqueOrThrow({ where: { id: owner.orgId } });
    expect(org.connectionCredentialId).toBeNull();
    expect(org.configVersion).toBeGreaterThan(configVersion);
    const sessions = await db.userSession.findMany({ where: { userId: admin.userId } });
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((session) => session.revokedReason === "removed" && session.revokedAt !== null)).toBe(true);
    // livechat-api.md 1.8: the stored refresh token is revoked at LiveChat too.
    expect(emulator.requestLog({ action: "DELETE /v2/token" }).map((entry) => entry.status)).toEqual([200]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: owner.orgId, action: "member.remove" } });
    expect(audit).toMatchObject({ actorUserId: owner.userId, targetId: admin.userId, targetName: DEMO_ACCOUNTS.administrator.name });

    for (const cookie of [admin.cookie, secondBrowser.cookie]) {
      const answer = await world.call<{ error: { reason: string } }>(teamRoute.GET, "GET", admin, { cookie });
      expect(answer.status).toBe(401);
      expect(answer.body.error.reason).toBe("removed");
    }
    const team = await world.call<Team>(teamRoute.GET, "GET", owner);
    expect(team.body.members.map((member) => member.email)).not.toContain(DEMO_ACCOUNTS.administrator.email);
    expect(team.body.connection).toMatchObject({ health: "missing", holder: null });

    // Still an agent in LiveChat: signing in again brings them back (the dialog says so).
    const back = await world.signIn(DEMO_ACCOUNTS.administrator.email);
    expect((await world.call(teamRoute.GET, "GET", back)).status).toBe(200);
  });

  it("refuses an owner removing themselves, and anyone but an owner removing anyone", async () => {
    expect(await removeAs(owner, owner.userId)).toEqual({ ok: false, error: { code: "forbidden", message: expect.stringContaining("cannot remove yourself") } });
    expect(await removeAs(admin, agent.userId)).toEqual({ ok: false, error: { code: "forbidden", message: "Only owners can remove members." } });
    expect(await removeAs(agent, admin.userId)).toEqual({ ok: false, error: { code: "forbidden", message: expect.any(String) } });
    expect(await removeAs(owner, "no-such-user")).toEqual({ ok: false, error: { code: "not_found", message: expect.any(String) } });
    expect(await world.database.db.membership.count({ where: { orgId: owner.orgId } })).toBe(3);
    expect(emulator.requestLog({ action: "DELETE /v2/token" })).toEqual([]);
  });
});
