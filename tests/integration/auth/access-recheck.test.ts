// Access ends when LiveChat access ends (finding 1 of the security review), on both databases: a
// member's authorization and role are asked of LiveChat (the emulator, over HTTP) again at least
// every 15 minutes of use — once per member however many requests arrive, in the background from
// 12 minutes on — and the next request reflects the answer. Time moves by backdating the last check.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);

import * as ruleSettingsRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rule-settings/route";
import * as rulesRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/route";
import * as teamRoute from "@/app/api/orgs/[orgId]/team/route";
import { backgroundWorkIdle } from "../../../lib/auth/after-response";
import { DEMO_ACCOUNTS, type Emulator } from "../../emulator";
import type { TestProvider } from "../../helpers/database";
import { startAuthWorld, startEmulatorForAuth, type AuthWorld, type Member } from "./world";

const ADMIN = DEMO_ACCOUNTS.administrator.email;
const MINUTE = 60_000;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
});
afterAll(async () => {
  await emulator?.close();
});

/** The emulator has no control for LiveChat's own role editing: set the agent's role in its state. */
function setLiveChatRole(email: string, role: "administrator" | "normal") {
  const state = (emulator as unknown as { ctx: { state: { findAgent(reference: string): { role: string } | undefined } } }).ctx.state;
  state.findAgent(email)!.role = role;
}

const calls = (action: string) => emulator.requestCounts().byAction[`accounts:${action}`] ?? 0;

describe.each<TestProvider>(["sqlite", "postgresql"])("LiveChat access re-checks on %s", (provider) => {
  let world: AuthWorld;
  let admin: Member;
  let botId: string;

  beforeAll(async () => {
    world = await startAuthWorld(provider, emulator);
  });
  afterAll(async () => {
    await world?.close();
  });
  beforeEach(async () => {
    setLiveChatRole(ADMIN, "administrator");
    admin = await world.signIn(ADMIN, { botManagement: true });
    emulator.clearLog();
    botId ??= (await world.database.db.bot.create({ data: { orgId: admin.orgId, livechatBotId: `bot-${provider}`, name: "Helper" } })).id;
    emulator.resetRequestCounts();
  });
  afterEach(async () => {
    await backgroundWorkIdle();
    emulator.faults.clear();
  });

  const checkedMinutesAgo = (minutes: number) =>
    world.database.db.membership.updateMany({ where: { orgId: admin.orgId, userId: admin.userId }, data: { accessCheckedAt: new Date(Date.now() - minutes * MINUTE) } });
  const membership = () => world.database.db.membership.findFirstOrThrow({ where: { orgId: admin.orgId, userId: admin.userId } });
  const team = () => world.call(teamRoute.GET, "GET", admin);
  const changeFallback = (text: string) =>
    world.call<{ error?: { code: string; reason?: string; message: string } }>(ruleSettingsRoute.PUT, "PUT", admin, { params: { botId }, body: { fallbackReply: text } });
  const createRule = () =>
    world.call(rulesRoute.POST, "POST", admin, {
      params: { botId },
      body: { name: "Refunds", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "On it" } } },
    });

  it("trusts LiveChat's last answer for 15 minutes: no LiveChat call on the way", async () => {
    await checkedMinutesAgo(11);
    for (let index = 0; index < 10; index += 1) expect((await team()).status).toBe(200);
    expect((await changeFallback("Someone will be with you shortly.")).status).toBe(200);
    expect(emulator.requestCounts().total).toBe(0);
  });

  it("asks LiveChat again after 15 minutes, once however many requests arrive together", async () => {
    await checkedMinutesAgo(15);
    const answers = await Promise.all(Array.from({ length: 8 }, () => team()));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(calls("GET /v2/accounts/me")).toBe(1);
    expect(Date.now() - (await membership()).accessCheckedAt.getTime()).toBeLessThan(MINUTE);
    await team();
    expect(calls("GET /v2/accounts/me")).toBe(1);
  });

  it("after the admin's tokens are revoked in LiveChat, refuses the next change once 15 minutes have passed", async () => {
    emulator.faults.revokeRefreshTokens({ account: ADMIN });
    await checkedMinutesAgo(15);
    const refused = await changeFallback("Changed after the revocation");
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: "unauthorized", reason: "livechat_access_ended", message: expect.stringContaining("LiveChat no longer accepts your authorization") });
    // One look at the profile (refused), one refresh (`invalid_grant`): then LiveChat is left alone.
    expect(calls("GET /v2/accounts/me")).toBe(1);
    expect(calls("POST /v2/token")).toBe(1);
    expect((await createRule()).status).toBe(401);
    expect((await team()).status).toBe(401);
    expect(emulator.requestCounts().total).toBe(2);
    const bot = await world.database.db.bot.findUniqueOrThrow({ where: { id: botId } });
    expect(bot.ruleSettings).not.toContain("Changed after the revocation");
    expect(await world.database.db.rule.count({ where: { botId } })).toBe(0);
    expect((await membership()).accessEndedAt).not.toBeNull();
    expect(await world.database.db.credential.findUniqueOrThrow({ where: { id: admin.credentialId } })).toMatchObject({ status: "needs_reauth" });

    // Signing in with LiveChat again opens the organization again.
    admin = await world.signIn(ADMIN, { botManagement: true });
    expect((await changeFallback("Back again")).status).toBe(200);
  });

  it("makes an administrator LiveChat demoted read-only from the next check on", async () => {
    setLiveChatRole(ADMIN, "normal");
    await checkedMinutesAgo(16);
    const refused = await changeFallback("Changed by a demoted admin");
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe("forbidden");
    expect((await membership()).role).toBe("normal");
    expect((await team()).status).toBe(200);

    setLiveChatRole(ADMIN, "administrator");
    await checkedMinutesAgo(16);
    expect((await changeFallback("Promoted again")).status).toBe(200);
    expect((await membership()).role).toBe("administrator");
  });

  it("checks in the background from 12 minutes on, without making the request wait", async () => {
    await checkedMinutesAgo(13);
    expect((await team()).status).toBe(200);
    await backgroundWorkIdle();
    expect(calls("GET /v2/accounts/me")).toBe(1);
    expect(Date.now() - (await membership()).accessCheckedAt.getTime()).toBeLessThan(MINUTE);
  });

  it("keeps the member's access while LiveChat fails, and asks again two minutes later", async () => {
    emulator.faults.serverErrors({ count: 1, surfaces: ["accounts"], actions: ["GET /v2/accounts/me"], type: "service_unavailable" });
    await checkedMinutesAgo(20);
    expect((await changeFallback("During an outage")).status).toBe(200);
    expect(emulator.requestLog({ action: "GET /v2/accounts/me" }).map((entry) => entry.status)).toEqual([500]);
    const checkedAgo = Date.now() - (await membership()).accessCheckedAt.getTime();
    expect(checkedAgo).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(checkedAgo).toBeLessThan(11 * MINUTE);
    expect((await team()).status).toBe(200);
    await backgroundWorkIdle();
    expect(emulator.requestLog({ action: "GET /v2/accounts/me" })).toHaveLength(1);

    await checkedMinutesAgo(12); // two minutes later
    expect((await team()).status).toBe(200);
    await backgroundWorkIdle();
    expect(emulator.requestLog({ action: "GET /v2/accounts/me" }).map((entry) => entry.status)).toEqual([500, 200]);
  });
});
