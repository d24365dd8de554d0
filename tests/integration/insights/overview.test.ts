// The Overview and Worker APIs on SQLite and PostgreSQL: bots with routing status and rule counts,
// replies today, and each warning the overview raises (connection needs re-authorization, bot
// offline or not in the state it should be, rules with lint warnings, no worker heard from in 30 s,
// organization not owned, connection stopped) appearing when its cause is there and going away
// when it is fixed; the Worker page's data for this organization only.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as overviewRoute from "@/app/api/orgs/[orgId]/overview/route";
import * as workerRoute from "@/app/api/orgs/[orgId]/worker/route";
import type { Overview } from "@/lib/data/overview";
import * as lintModule from "@/lib/rules/lint-rules";
import { createRuleForBot, deleteRuleOfBot } from "@/lib/rules-service/manage-rules";
import type { WorkerStatusView } from "@/lib/swr/use-worker-status";
import type { TestProvider } from "../../helpers/database";
import { ago, containsRule, DAY, HOUR, MINUTE, seedActivity, startInsightsWorld, type InsightsWorld } from "./support";

describe.each<TestProvider>(["sqlite", "postgresql"])("the overview on %s", (provider) => {
  let world: InsightsWorld;
  const now = Date.now();
  const db = () => world.database.db;

  beforeAll(async () => {
    world = await startInsightsWorld(provider);
    const { a, b } = world.f;
    // The fixture bot of org A: accepting chats as it should, with two valid rules.
    await db().bot.update({ where: { id: a.botId }, data: { desiredRoutingStatus: "accepting_chats", currentRoutingStatus: "accepting_chats" } });
    await db().rule.update({ where: { id: a.ruleId }, data: { definition: containsRule("refund") } });
    await db().rule.create({ data: { orgId: a.orgId, botId: a.botId, position: 1, name: "Shipping", definition: containsRule("shipping") } });
    const today = new Date(now).toISOString().slice(0, 10);
    const sinceMidnight = now - new Date(`${today}T00:00:00.000Z`).getTime();
    for (const outcome of ["replied", "replied", "handed_over", "no_match", "missed"]) {
      await seedActivity(world.database, { orgId: a.orgId, botId: a.botId, outcome, createdAt: ago(Math.min(MINUTE, sinceMidnight), now) });
    }
    await seedActivity(world.database, { orgId: a.orgId, botId: a.botId, outcome: "replied", createdAt: ago(sinceMidnight + HOUR, now) }); // yesterday
    await seedActivity(world.database, { orgId: b.orgId, botId: b.botId, outcome: "replied", createdAt: ago(0, now) });
  });
  afterAll(async () => {
    await world?.close();
  });

  const overview = async (cookie = world.f.a.agent.cookie) => {
    const answer = await world.get<Overview>(overviewRoute.GET, { cookie, orgId: world.f.a.orgId });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const warningIds = async () => (await overview()).warnings.map((warning) => warning.id);

  async function beat(workerId: string, lastBeatAgoMs: number) {
    await db().workerHeartbeat.upsert({
      where: { workerId },
      create: { workerId, host: "worker-host", pid: 42, version: "0.1.0", startedAt: ago(DAY, now), lastBeatAt: new Date(Date.now() - lastBeatAgoMs) },
      update: { lastBeatAt: new Date(Date.now() - lastBeatAgoMs) },
    });
  }

  it("lists the bots with routing status and rule counts, and today's replies", async () => {
    const body = await overview();
    expect(body.bots).toEqual([
      { id: world.f.a.botId, name: "Bot a", desiredRoutingStatus: "accepting_chats", currentRoutingStatus: "accepting_chats", ruleCount: 2, enabledRuleCount: 2, rulesWithWarnings: 0 },
    ]);
    expect(body.today).toMatchObject({ replies: 2, handled: 4 });
  });

  it("warns that no worker was heard from, until one beats and owns the organization", async () => {
    expect(await warningIds()).toEqual(["worker-silent"]);
    await beat("worker-1", 31_000); // older than 30 s: still silent
    expect(await warningIds()).toEqual(["worker-silent"]);
    await beat("worker-1", 1_000);
    expect(await warningIds()).toEqual(["worker-unowned"]);
    await db().orgLease.create({ data: { orgId: world.f.a.orgId, workerId: "worker-1", epoch: 3, expiresAt: new Date(Date.now() + 30_000), acquiredAt: new Date() } });
    expect(await warningIds()).toEqual([]);
    const body = await overview();
    expect(body.worker).toMatchObject({ isAlive: true, isOwned: true });
  });

  it("warns when the worker stopped the connection for a reason a person has to fix", async () => {
    await db().orgConnection.create({ data: { orgId: world.f.a.orgId, workerId: "worker-1", state: "stopped", stoppedReason: "The license expired.", stateSince: ago(HOUR, now) } });
    const body = await overview();
    expect(body.warnings).toEqual([{ kind: "worker", id: "worker-stopped", message: "The worker stopped this organization's connection: The license expired.", path: "/worker" }]);
    expect(body.worker.connectionState).toBe("stopped");
    await db().orgConnection.update({ where: { orgId: world.f.a.orgId }, data: { state: "ready", stoppedReason: null, stateSince: ago(MINUTE, now) } });
    expect(await warningIds()).toEqual([]);
  });

  it("warns when the connection needs re-authorization, naming whose it is", async () => {
    await db().credential.update({ where: { id: world.f.a.connectionCredentialId }, data: { status: "needs_reauth", statusReason: "refresh token revoked" } });
    const body = await overview();
    expect(body.warnings).toEqual([
      { kind: "connection", id: "connection-reauth", message: "a-owner's LiveChat authorization needs to be renewed: sign in again or take over the connection.", path: "/team" },
    ]);
    await db().credential.update({ where: { id: world.f.a.connectionCredentialId }, data: { status: "active", statusReason: null } });
    expect(await warningIds()).toEqual([]);
  });

  it("warns about a bot that is offline, or not in the routing status it should be", async () => {
    await db().bot.update({ where: { id: world.f.a.botId }, data: { currentRoutingStatus: "not_accepting_chats" } });
    expect((await overview()).warnings).toEqual([
      { kind: "bot_routing", id: `routing-${world.f.a.botId}`, message: "Bot a should be accepting chats, but LiveChat shows it not accepting chats.", path: "/bots" },
    ]);
    await db().bot.update({ where: { id: world.f.a.botId }, data: { desiredRoutingStatus: "offline", currentRoutingStatus: "offline" } });
    expect(await warningIds()).toEqual([`offline-${world.f.a.botId}`]);
    await db().bot.update({ where: { id: world.f.a.botId }, data: { desiredRoutingStatus: "accepting_chats", currentRoutingStatus: "accepting_chats" } });
    expect(await warningIds()).toEqual([]);
  });

  it("warns about rules with lint warnings, linking to the bot's rules", async () => {
    // Warnings are computed when the rules change (through the rules service) and stored with the bot.
    const ctx = { db: db(), orgId: world.f.a.orgId, actorUserId: null };
    const duplicate = await createRuleForBot(ctx, world.f.a.botId, { name: "Refunds again", definition: JSON.parse(containsRule("refund")) as unknown });
    const body = await overview();
    expect(body.warnings).toEqual([
      { kind: "rule_lint", id: `lint-${world.f.a.botId}`, message: "1 rule of Bot a has warnings.", path: `/rules?bot=${world.f.a.botId}` },
    ]);
    expect(body.bots[0]).toMatchObject({ ruleCount: 3, rulesWithWarnings: 1 });
    await deleteRuleOfBot(ctx, world.f.a.botId, duplicate.id);
    expect(await warningIds()).toEqual([]);
  });

  it("reads the stored warnings and never lints on a read", async () => {
    const lint = vi.spyOn(lintModule, "lintRules");
    await db().bot.update({ where: { id: world.f.a.botId }, data: { ruleWarnings: JSON.stringify({ [world.f.a.ruleId]: [{ code: "short_keyword", message: "stored" }] }) } });
    expect((await overview()).bots[0]).toMatchObject({ ruleCount: 2, rulesWithWarnings: 1 });
    expect(lint).not.toHaveBeenCalled();
    lint.mockRestore();
    await db().bot.update({ where: { id: world.f.a.botId }, data: { ruleWarnings: "{}" } });
    expect(await warningIds()).toEqual([]);
  });

  it("never counts or warns about another organization's bots", async () => {
    const body = await overview();
    expect(body.bots.map((bot) => bot.name)).toEqual(["Bot a"]);
    expect((await world.get(overviewRoute.GET, { cookie: world.f.b.owner.cookie, orgId: world.f.a.orgId })).status).toBe(404);
  });

  it("shows the Worker page's data: workers with last beat and organizations owned, and this organization's connection", async () => {
    await db().orgConnection.update({ where: { orgId: world.f.a.orgId }, data: { reconnectCount: 4, reconnectDay: new Date().toISOString().slice(0, 10), lastError: "socket closed (1006)" } });
    await db().orgLease.create({ data: { orgId: world.f.b.orgId, workerId: "worker-1", epoch: 1, expiresAt: new Date(Date.now() + 30_000) } });
    const answer = await world.get<WorkerStatusView>(workerRoute.GET, { cookie: world.f.a.agent.cookie, orgId: world.f.a.orgId });
    expect(answer.status).toBe(200);
    expect(answer.body.workers).toEqual([expect.objectContaining({ workerId: "worker-1", isAlive: true, organizationsOwned: 2, ownsThisOrganization: true })]);
    expect(answer.body.connection).toMatchObject({ state: "ready", reconnectsToday: 4, lastError: "socket closed (1006)" });
    expect(JSON.stringify(answer.body)).not.toContain(world.f.b.orgId);
  });
});
