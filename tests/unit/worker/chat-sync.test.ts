// Reconciliation listings (livechat-api.md 4.3, 4.8): each one is a billed request (10.1), so
// concurrent requests share one pass, the fallback timer lists only when nothing else announces
// new chats and a bot could be given one, and listings are filtered to the bots' groups (3.4).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatsPage } from "@/lib/livechat/agent-web-api";
import type { ChatSummary } from "@/lib/livechat/rtm-schemas";
import type { ChatIntake } from "@/worker/chat-intake";
import { ChatSync, isAnyBotWorking, listingGroupIds } from "@/worker/chat-sync";
import type { OrgConfig } from "@/worker/org-config";
import { deferred, FakeAgentApi, managedBot, orgConfig, silentLog, summary } from "./support";

// Monday 2026-03-02, 10:00 UTC.
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const mondayNineToFive = { timezone: "UTC", schedule: [{ day: "monday" as const, enabled: true, start: "09:00", end: "17:00" }] };

describe("listingGroupIds", () => {
  it("is every group a bot serves, once each, sorted", () => {
    const config = orgConfig([managedBot({ livechatBotId: "b1", groupIds: [7, 2] }), managedBot({ livechatBotId: "b2", groupIds: [2, 0] })]);
    expect(listingGroupIds(config)).toEqual([0, 2, 7]);
  });

  it("is no filter when a bot serves no group, when there are no bots, or past 200 groups", () => {
    expect(listingGroupIds(orgConfig([managedBot({ livechatBotId: "b1", groupIds: [1] }), managedBot({ livechatBotId: "b2", groupIds: [] })]))).toBeUndefined();
    expect(listingGroupIds(orgConfig([]))).toBeUndefined();
    const many = Array.from({ length: 201 }, (_, index) => index);
    expect(listingGroupIds(orgConfig([managedBot({ groupIds: many.slice(0, 200) })]))).toHaveLength(200);
    expect(listingGroupIds(orgConfig([managedBot({ groupIds: many })]))).toBeUndefined();
  });
});

describe("isAnyBotWorking", () => {
  it("is true for a bot accepting chats without a schedule or inside it", () => {
    expect(isAnyBotWorking(orgConfig([managedBot()]), MONDAY_10)).toBe(true);
    expect(isAnyBotWorking(orgConfig([managedBot({ workScheduler: mondayNineToFive })]), MONDAY_10)).toBe(true);
  });

  it("is false when no bot accepts chats, or the accepting one is outside its schedule", () => {
    const notAccepting = managedBot({ livechatBotId: "b1", desiredRoutingStatus: "not_accepting_chats" });
    const offline = managedBot({ livechatBotId: "b2", desiredRoutingStatus: "offline" });
    expect(isAnyBotWorking(orgConfig([notAccepting, offline]), MONDAY_10)).toBe(false);
    const afterHours = managedBot({ livechatBotId: "b3", workScheduler: mondayNineToFive });
    expect(isAnyBotWorking(orgConfig([afterHours]), new Date("2026-03-02T17:00:00Z"))).toBe(false);
    expect(isAnyBotWorking(orgConfig([notAccepting, afterHours]), MONDAY_10)).toBe(true);
    expect(isAnyBotWorking(orgConfig([]), MONDAY_10)).toBe(false);
  });
});

const RECONCILE_MS = 600_000;
const FALLBACK_MS = 30_000;

function setup(options: { config?: OrgConfig | null; ready?: boolean; webhooks?: boolean; now?: Date } = {}) {
  const api = new FakeAgentApi();
  const reconciled: { ids: string[]; full: boolean }[] = [];
  const intake = { reconcile: (summaries: readonly ChatSummary[], full: boolean) => reconciled.push({ ids: summaries.map((chat) => chat.id), full }) };
  const state = { ready: options.ready ?? true, webhooks: options.webhooks ?? false, timedPasses: 0 };
  const config = options.config === undefined ? orgConfig([managedBot({ groupIds: [3, 1] })]) : options.config;
  const sync = new ChatSync({
    api: api.asAgentApi(),
    intake: intake as unknown as ChatIntake,
    log: silentLog,
    reconcileIntervalMs: RECONCILE_MS,
    fallbackIntervalMs: FALLBACK_MS,
    config: () => config,
    isReady: () => state.ready,
    webhooksActive: () => state.webhooks,
    onTimedPass: () => (state.timedPasses += 1),
    now: () => options.now ?? MONDAY_10,
  });
  return { api, sync, reconciled, state };
}

describe("ChatSync.sync", () => {
  it("lists the active chats of the bots' groups, follows every page and hands all summaries to intake", async () => {
    const { api, sync, reconciled } = setup();
    api.pages.set("", { chats: [summary({ id: "A" }), summary({ id: "B" })], nextPageId: "p2" });
    api.pages.set("p2", { chats: [summary({ id: "C" })], nextPageId: "p3" });
    api.pages.set("p3", { chats: [summary({ id: "D" })] });

    await sync.sync("full");

    // 3.1: filters go with the first page only; later pages carry the page id alone.
    expect(api.listings()).toEqual([{ active: true, limit: 100, groupIds: [1, 3] }, { pageId: "p2" }, { pageId: "p3" }]);
    expect(reconciled).toEqual([{ ids: ["A", "B", "C", "D"], full: true }]);
  });

  it("lists without a group filter when a bot serves every group", async () => {
    const { api, sync } = setup({ config: orgConfig([managedBot({ groupIds: [] })]) });
    await sync.sync("new");
    expect(api.listings()).toEqual([{ active: true, limit: 100 }]);
  });

  it("stops following pages after 50", async () => {
    const { api, sync, reconciled } = setup();
    for (let page = 0; page < 60; page += 1) {
      api.pages.set(page === 0 ? "" : `p${page}`, { chats: [summary({ id: `C${page}` })], nextPageId: `p${page + 1}` });
    }
    await sync.sync("new");
    expect(api.listings()).toHaveLength(50);
    expect(reconciled[0]?.ids).toHaveLength(50);
  });

  it("lists nothing while not ready or without a config", async () => {
    const notReady = setup({ ready: false });
    await notReady.sync.sync("full");
    const noConfig = setup({ config: null });
    await noConfig.sync.sync("full");
    expect([...notReady.api.calls, ...noConfig.api.calls]).toEqual([]);
  });

  it("runs one pass for concurrent requests, plus one more for those made during it", async () => {
    const { api, sync, reconciled } = setup();
    const firstPage = deferred<ChatsPage>();
    api.pages.set("", () => firstPage.promise);

    const first = sync.sync("new");
    const during = [sync.sync("new"), sync.sync("new"), sync.sync("new")];
    expect(api.listings()).toHaveLength(1);
    api.pages.set("", { chats: [] });
    firstPage.resolve({ chats: [summary({ id: "A" })] });
    await Promise.all([first, ...during]);

    expect(api.listings()).toHaveLength(2);
    expect(reconciled).toEqual([
      { ids: ["A"], full: false },
      { ids: [], full: false },
    ]);
  });

  it("makes the next pass full when a full pass is asked for during a running one, whatever is asked after it", async () => {
    const { api, sync, reconciled } = setup();
    const firstPage = deferred<ChatsPage>();
    api.pages.set("", () => firstPage.promise);

    const passes = [sync.sync("new"), sync.sync("new"), sync.sync("full"), sync.sync("new")];
    firstPage.resolve({ chats: [] });
    await Promise.all(passes);

    expect(reconciled.map((pass) => pass.full)).toEqual([false, true]);
  });

  it("survives a failed listing and lists again on the next request", async () => {
    const { api, sync, reconciled } = setup();
    api.pages.set("", () => Promise.reject(new Error("socket closed")));
    await expect(sync.sync("full")).resolves.toBeUndefined();
    api.pages.set("", { chats: [summary({ id: "A" })] });
    await sync.sync("full");
    expect(reconciled).toEqual([{ ids: ["A"], full: true }]);
  });
});

describe("ChatSync timers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5); // no jitter: timers fire on the interval
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it("without webhooks, lists on the fallback interval while a bot accepts chats inside its schedule", async () => {
    const { api, sync, reconciled, state } = setup({ webhooks: false });
    sync.start();
    await vi.advanceTimersByTimeAsync(FALLBACK_MS - 1);
    expect(api.listings()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.listings()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(FALLBACK_MS);
    expect(api.listings()).toHaveLength(2);
    expect(reconciled.map((pass) => pass.full)).toEqual([false, false]);
    expect(state.timedPasses).toBe(2);
    sync.stop();
  });

  it("does not list on the fallback interval while webhooks are active", async () => {
    const { api, sync, state } = setup({ webhooks: true });
    sync.start();
    await vi.advanceTimersByTimeAsync(RECONCILE_MS - 1);
    expect(api.listings()).toHaveLength(0);
    expect(state.timedPasses).toBe(0);
    sync.stop();
  });

  it("does not list on the fallback interval while no bot accepts chats, or outside every schedule", async () => {
    const notAccepting = setup({ config: orgConfig([managedBot({ desiredRoutingStatus: "not_accepting_chats" })]) });
    const afterHours = setup({ config: orgConfig([managedBot({ workScheduler: mondayNineToFive })]), now: new Date("2026-03-02T18:00:00Z") });
    notAccepting.sync.start();
    afterHours.sync.start();
    await vi.advanceTimersByTimeAsync(RECONCILE_MS - 1);
    expect([...notAccepting.api.calls, ...afterHours.api.calls]).toEqual([]);
    notAccepting.sync.stop();
    afterHours.sync.stop();
  });

  it("lists on the reconcile interval regardless of webhooks and schedules", async () => {
    const { api, sync, reconciled, state } = setup({ webhooks: true, config: orgConfig([managedBot({ desiredRoutingStatus: "offline" })]) });
    sync.start();
    await vi.advanceTimersByTimeAsync(RECONCILE_MS);
    expect(api.listings()).toHaveLength(1);
    expect(reconciled).toEqual([{ ids: [], full: false }]);
    expect(state.timedPasses).toBe(1);
    sync.stop();
  });

  it("lists on no timer while not ready, and on none after stop()", async () => {
    const { api, sync, state } = setup({ ready: false });
    sync.start();
    await vi.advanceTimersByTimeAsync(RECONCILE_MS);
    expect(api.listings()).toHaveLength(0);
    state.ready = true;
    sync.stop();
    await vi.advanceTimersByTimeAsync(RECONCILE_MS * 2);
    expect(api.listings()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
