// Several real worker processes on one PostgreSQL database against the emulator: an organization
// is never held (logged in) by two at once; a SIGKILLed worker's organizations move to the other
// within 30 s with no duplicate replies; SIGTERM hands over within 5 s; a paused owner that wakes
// up after a takeover drops its connection and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botReplies, createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type SeededOrg, type SpawnedWorker, type World } from "./world";

const ORGS = 3;

describe("several workers (postgresql, real processes)", () => {
  let world: World;
  const chats = new Map<string, string>();

  beforeAll(async () => {
    // The server drops a silent socket after 2 s, well before a lease (4 s) can move.
    // Every chat here gets more than the default cap of 5 bot replies.
    world = await createWorld({ provider: "postgresql", orgs: ORGS, timings: { pingTimeoutMs: 2_000 }, ruleSettings: { maxRepliesPerChat: 50 } });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const env = { WORKER_LEASE_TTL_MS: "4000" };
  const owners = async () => {
    const rows = await world.database.db.orgLease.findMany({ where: { expiresAt: { gt: new Date() }, workerId: { not: null } } });
    return new Map(rows.map((row) => [row.orgId, row.workerId as string]));
  };
  const maxConcurrent = () => Math.max(...world.orgs.map((org) => world.emulator.stats().organizations[org.livechatOrgId]?.maxConcurrentLoggedIn ?? 0));
  const loggedIn = (org: SeededOrg) => world.emulator.stats().organizations[org.livechatOrgId]?.currentLoggedIn ?? 0;

  async function allServed() {
    await waitFor("every organization to be logged in once", () => world.orgs.every((org) => loggedIn(org) === 1), 30_000, 50);
  }

  async function sendEverywhere(text: string): Promise<{ chatId: string; eventId: string }[]> {
    return world.orgs.map((org) => {
      const chatId = chats.get(org.orgId)!;
      return { chatId, eventId: world.emulator.sendCustomerMessage(chatId, text).eventId };
    });
  }

  async function expectOneReplyEach(sent: { chatId: string; eventId: string }[], timeoutMs: number) {
    for (const { chatId, eventId } of sent) await waitFor(`reply to ${eventId}`, () => repliesTo(world.emulator, chatId, eventId).length >= 1, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const { chatId, eventId } of sent) expect(repliesTo(world.emulator, chatId, eventId), eventId).toHaveLength(1);
  }

  const running = new Map<string, SpawnedWorker>();
  const spawn = (id: string) => {
    const worker = world.spawnWorker(id, env);
    running.set(id, worker);
    return worker;
  };

  it("gives every organization to exactly one of two workers started at once", async () => {
    spawn("worker-a");
    spawn("worker-b");
    await allServed();
    const owned = await owners();
    expect(owned.size).toBe(ORGS);
    for (const org of world.orgs) {
      const chat = await startBotChat(world, org);
      chats.set(org.orgId, chat.chatId);
      await waitFollowed(world, org, chat.chatId, 15_000);
    }
    await expectOneReplyEach(await sendEverywhere("refund please"), 10_000);
    expect(maxConcurrent()).toBe(1);
  }, 60_000);

  it("moves a SIGKILLed worker's organizations to the other within 30 s, without duplicates", async () => {
    const owned = await owners();
    // Kill whichever worker owns the first organization (with messages in flight everywhere).
    const victimId = owned.get(world.orgs[0]!.orgId)!;
    const victim = running.get(victimId)!;
    const survivorId = victimId === "worker-a" ? "worker-b" : "worker-a";
    const inFlight = await sendEverywhere("refund before the crash");
    const killedAt = Date.now();
    await victim.kill("SIGKILL");
    const gap = await sendEverywhere("refund during the gap");
    await waitFor("the survivor to own everything", async () => {
      const now = await owners();
      return world.orgs.every((org) => now.get(org.orgId) === survivorId);
    }, 30_000, 100);
    await allServed();
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    await expectOneReplyEach([...inFlight, ...gap], 15_000);
    expect(maxConcurrent()).toBe(1);
    running.delete(victimId);
  }, 60_000);

  it("hands over within 5 s on SIGTERM", async () => {
    const [leavingId, leaving] = [...running][0]!;
    const successor = spawn("worker-c");
    await successor.waitForLog("worker started");
    // Messages in flight when the signal arrives are finished by the leaving worker or caught up by
    // the successor: one reply each either way.
    const inFlight = await sendEverywhere("refund right before the shutdown");
    const termAt = Date.now();
    await leaving.kill("SIGTERM");
    expect(await leaving.exited).toBe(0);
    await waitFor("the successor to own everything", async () => {
      const now = await owners();
      return world.orgs.every((org) => now.get(org.orgId) === "worker-c");
    }, 5_000, 50);
    await allServed();
    expect(Date.now() - termAt).toBeLessThan(5_000);
    expect(leaving.lines.some((line) => line.includes('"msg":"worker stopped"'))).toBe(true);
    await expectOneReplyEach([...inFlight, ...(await sendEverywhere("refund after the handover"))], 10_000);
    expect(maxConcurrent()).toBe(1);
    running.delete(leavingId);
  }, 60_000);

  it("fences a paused owner: it wakes up, drops the connection and sends nothing", async () => {
    const paused = running.get("worker-c")!;
    const standby = spawn("worker-d");
    await standby.waitForLog("worker started");
    const repliesBefore = world.orgs.map((org) => botReplies(world.emulator, chats.get(org.orgId)!).length);
    paused.child.kill("SIGSTOP");
    const during = await sendEverywhere("refund while paused");
    await waitFor("the standby to take over", async () => {
      const now = await owners();
      return world.orgs.every((org) => now.get(org.orgId) === "worker-d");
    }, 30_000, 100);
    await expectOneReplyEach(during, 15_000);
    paused.child.kill("SIGCONT");
    await paused.waitForLog("organization dropped");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // One reply per message overall, and the resumed worker logged no reply of its own.
    world.orgs.forEach((org, index) => expect(botReplies(world.emulator, chats.get(org.orgId)!)).toHaveLength(repliesBefore[index]! + 1));
    const handledByPaused = await world.database.db.handledEvent.count({ where: { livechatEventId: { in: during.map((entry) => entry.eventId) }, workerId: "worker-c" } });
    expect(handledByPaused).toBe(0);
    await allServed();
    expect(maxConcurrent()).toBe(1);
    await paused.kill("SIGTERM");
  }, 90_000);
});
