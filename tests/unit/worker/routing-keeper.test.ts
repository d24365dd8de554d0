// Routing statuses (livechat-api.md 3.3): each bot's desired status is applied after a connect and
// on config changes, with the bot's own token when it has a secret (2.6), put back when LiveChat
// reports another one but never sooner than 5 s after the last application, and recorded for the
// dashboard. The database needs only `bot.updateMany`, so it is a small fake.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import type { RoutingStatus } from "@/lib/livechat/agent-web-api";
import type { AgentApi } from "@/worker/agent-api";
import type { BotTokenCache } from "@/worker/bot-tokens";
import type { ManagedBot } from "@/worker/org-config";
import { RoutingKeeper } from "@/worker/routing-keeper";
import { managedBot, silentLog } from "./support";

const T0 = Date.parse("2026-03-02T10:00:00Z");

function setup(bots: ManagedBot[] = [managedBot({ livechatBotId: "bot-a", secretEnc: "sealed-secret", secretKey: "k1" }), managedBot({ livechatBotId: "bot-b" })]) {
  const byLivechatId = new Map(bots.map((bot) => [bot.livechatBotId, bot]));
  const applied: { agentId: string; status: RoutingStatus; token: string | undefined; at: number }[] = [];
  const recorded: { where: unknown; status: string }[] = [];
  /** Fault switches: the next `failures` applications and `recordFailures` records fail. */
  const state = { live: true, failures: 0, recordFailures: 0 };
  const api = {
    setRoutingStatus: async (agentId: string, status: RoutingStatus, token?: string) => {
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error("LiveChat answered 503");
      }
      applied.push({ agentId, status, token, at: Date.now() });
    },
  };
  const botTokens = { get: async (botId: string, secretKey: string) => `bot-token:${botId}:${secretKey}` };
  const db = {
    bot: {
      updateMany: async (args: { where: unknown; data: { currentRoutingStatus: string; currentRoutingStatusAt: Date } }) => {
        if (state.recordFailures > 0) {
          state.recordFailures -= 1;
          throw new Error("database is locked");
        }
        recorded.push({ where: args.where, status: args.data.currentRoutingStatus });
        return { count: 1 };
      },
    },
  };
  const keeper = new RoutingKeeper({
    db: db as unknown as Db,
    orgId: "org-1",
    api: api as unknown as AgentApi,
    botTokens: botTokens as unknown as BotTokenCache,
    log: silentLog,
    bots: () => byLivechatId.values(),
    bot: (id) => byLivechatId.get(id),
    isLive: () => state.live,
  });
  /** Changes a bot's desired status the way a config reload does: a new ManagedBot object. */
  const desire = (livechatBotId: string, status: RoutingStatus) => {
    const bot = byLivechatId.get(livechatBotId);
    if (bot) byLivechatId.set(livechatBotId, { ...bot, desiredRoutingStatus: status });
  };
  /** `agent:status` of each application from the `from`th on; bots are applied concurrently, so sorted. */
  const appliedTo = (from = 0) => applied.slice(from).map((entry) => `${entry.agentId}:${entry.status}`).sort();
  return { keeper, applied, recorded, state, desire, appliedTo };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("RoutingKeeper.applyAll", () => {
  it("applies each bot's desired status, with the bot's own token when it has a secret, and records it", async () => {
    const t = setup();
    t.desire("bot-b", "not_accepting_chats");
    await t.keeper.applyAll(false);

    const byAgent = <T extends { agentId: string }>(list: T[]) => [...list].sort((a, b) => a.agentId.localeCompare(b.agentId));
    expect(byAgent(t.applied).map(({ agentId, status, token }) => ({ agentId, status, token }))).toEqual([
      { agentId: "bot-a", status: "accepting_chats", token: "bot-token:db-bot-a:k1" },
      { agentId: "bot-b", status: "not_accepting_chats", token: undefined },
    ]);
    expect(t.recorded).toHaveLength(2);
    expect(t.recorded).toEqual(
      expect.arrayContaining([
        { where: { id: "db-bot-a", orgId: "org-1" }, status: "accepting_chats" },
        { where: { id: "db-bot-b", orgId: "org-1" }, status: "not_accepting_chats" },
      ]),
    );
  });

  it("does not apply a status again that it applied already, unless forced", async () => {
    const t = setup();
    await t.keeper.applyAll(false);
    await t.keeper.applyAll(false);
    expect(t.appliedTo()).toEqual(["bot-a:accepting_chats", "bot-b:accepting_chats"]);

    await t.keeper.applyAll(true); // after a (re)connect
    expect(t.applied).toHaveLength(4);

    t.desire("bot-a", "offline");
    await t.keeper.applyAll(false);
    expect(t.appliedTo(4)).toEqual(["bot-a:offline"]);
  });

  it("forgets what failed, so the next pass tries again", async () => {
    const t = setup([managedBot({ livechatBotId: "bot-a" })]);
    t.state.failures = 1;
    await t.keeper.applyAll(false);
    expect(t.applied).toEqual([]);
    expect(t.recorded).toEqual([]);

    await t.keeper.applyAll(false);
    expect(t.appliedTo()).toEqual(["bot-a:accepting_chats"]);
    await t.keeper.applyAll(false);
    expect(t.applied).toHaveLength(1);
  });

  it("forgets a status that was set but not recorded, and tries again", async () => {
    const t = setup([managedBot({ livechatBotId: "bot-a" })]);
    t.state.recordFailures = 1;
    await t.keeper.applyAll(false);
    await t.keeper.applyAll(false);
    await t.keeper.applyAll(false);
    expect(t.appliedTo()).toEqual(["bot-a:accepting_chats", "bot-a:accepting_chats"]);
    expect(t.recorded).toHaveLength(1);
  });
});

describe("RoutingKeeper.onStatusSet", () => {
  it("records a reported status and puts the desired one back no sooner than 5 s after the last application", async () => {
    const t = setup();
    await t.keeper.applyAll(false);
    await vi.advanceTimersByTimeAsync(1_000);

    t.keeper.onStatusSet("bot-a", "offline");
    await vi.advanceTimersByTimeAsync(0);
    expect(t.recorded.at(-1)).toEqual({ where: { id: "db-bot-a", orgId: "org-1" }, status: "offline" });

    await vi.advanceTimersByTimeAsync(3_999);
    expect(t.applied).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.appliedTo(2)).toEqual(["bot-a:accepting_chats"]);
    expect(t.applied[2]?.at).toBe(T0 + 5_000);
    expect(t.applied[2]?.token).toBe("bot-token:db-bot-a:k1");
    expect(t.recorded.at(-1)?.status).toBe("accepting_chats");
  });

  it("puts the desired status back at once when the last application was long enough ago", async () => {
    const t = setup();
    await t.keeper.applyAll(false);
    await vi.advanceTimersByTimeAsync(60_000);

    t.keeper.onStatusSet("bot-b", "not_accepting_chats");
    await vi.advanceTimersByTimeAsync(0);
    expect(t.appliedTo(2)).toEqual(["bot-b:accepting_chats"]);
  });

  it("only records a reported status that is the desired one", async () => {
    const t = setup();
    await t.keeper.applyAll(false);
    t.keeper.onStatusSet("bot-a", "accepting_chats");
    await vi.advanceTimersByTimeAsync(60_000);

    expect(t.applied).toHaveLength(2);
    expect(t.recorded.map((entry) => entry.status)).toEqual(["accepting_chats", "accepting_chats", "accepting_chats"]);
  });

  it("ignores statuses of agents that are not our bots", async () => {
    const t = setup();
    t.keeper.onStatusSet("tom@acme.example", "offline");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.applied).toEqual([]);
    expect(t.recorded).toEqual([]);
  });

  it("does not put the status back once the connection is no longer live", async () => {
    const t = setup();
    await t.keeper.applyAll(false);
    t.keeper.onStatusSet("bot-a", "offline");
    t.state.live = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.applied).toHaveLength(2);
  });

  it("puts back the status desired when the wait ends, not the one desired when LiveChat reported", async () => {
    const t = setup();
    await t.keeper.applyAll(false);
    t.keeper.onStatusSet("bot-a", "offline");
    t.desire("bot-a", "not_accepting_chats");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.appliedTo(2)).toEqual(["bot-a:not_accepting_chats"]);
  });
});
