// Regressions found while the worker's event path was split: each case once failed.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Chat, ChatSummary, RtmPush } from "@/lib/livechat/rtm-schemas";
import type { RoutingStatus } from "@/lib/livechat/agent-web-api";
import type { Db } from "@/lib/db";
import { AccessTokenKeeper } from "@/worker/access-token-keeper";
import type { AgentApi } from "@/worker/agent-api";
import type { BotTokenCache } from "@/worker/bot-tokens";
import { ChatIntake } from "@/worker/chat-intake";
import { signalFromPush, signalFromWebhook } from "@/worker/chat-signal";
import { ChatSync } from "@/worker/chat-sync";
import type { ClaimStore } from "@/worker/claims";
import type { MessageInput } from "@/worker/reply-pipeline";
import { RoutingKeeper } from "@/worker/routing-keeper";
import type { RtmClient } from "@/worker/rtm-client";
import { agent, BOT_ID, chat, CUSTOMER_ID, deferred, FakeAgentApi, HUMAN_ID, managedBot, message, orgConfig, silentLog } from "./support";

describe("worker regressions", () => {
  afterEach(() => vi.useRealTimers());

  it("routing: a second differing report within the wait does not re-apply before the wait is over", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-03-02T10:00:00Z"));
    const bot = managedBot({ livechatBotId: "bot-a" });
    const applied: number[] = [];
    const keeper = new RoutingKeeper({
      db: { bot: { updateMany: async () => ({ count: 1 }) } } as unknown as Db,
      orgId: "org-1",
      api: { setRoutingStatus: async (_a: string, _s: RoutingStatus) => void applied.push(Date.now()) } as unknown as AgentApi,
      botTokens: {} as BotTokenCache,
      log: silentLog,
      bots: () => [bot],
      bot: (id) => (id === "bot-a" ? bot : undefined),
      isLive: () => true,
    });
    await keeper.applyAll(false);
    const t0 = applied[0] ?? 0;
    await vi.advanceTimersByTimeAsync(1_000);
    keeper.onStatusSet("bot-a", "not_accepting_chats");
    await vi.advanceTimersByTimeAsync(1_000);
    keeper.onStatusSet("bot-a", "offline");
    await vi.advanceTimersByTimeAsync(10_000);
    // Expected: one re-application, 5 s after the first.
    expect(applied.slice(1).map((at) => at - t0)).toEqual([5_000]);
  });

  it("token: a token renewed by a refused Web API call reaches the RTM session at the next refresh", async () => {
    vi.useFakeTimers();
    const T0 = Date.parse("2026-03-02T08:00:00Z");
    vi.setSystemTime(T0);
    const HOUR = 3_600_000;
    const answers = [
      { token: "t1", expiresAt: new Date(T0 + 8 * HOUR) },
      { token: "t2", expiresAt: new Date(T0 + 9 * HOUR) },
      { token: "t2", expiresAt: new Date(T0 + 9 * HOUR) },
    ];
    const keeper = new AccessTokenKeeper({
      orgId: "org-1",
      credentials: { getAccessToken: async () => answers.shift() ?? { token: "t2", expiresAt: new Date(T0 + 9 * HOUR) } },
      refreshMarginMs: 15 * 60_000,
      log: silentLog,
      isLeaseValid: () => true,
      onToken: () => undefined,
      onUnavailable: () => undefined,
    });
    const updates: string[] = [];
    const client = { status: "ready", updateSession: async (token: string) => void updates.push(token) } as unknown as RtmClient;
    await keeper.fetch(false); // login with t1
    keeper.schedule(client);
    await vi.advanceTimersByTimeAsync(HOUR);
    await keeper.fetch(true); // AgentApi: a Web API call was refused, the token is renewed → t2
    await vi.advanceTimersByTimeAsync(8 * HOUR);
    // The session still runs on t1, which expires at T0+8h: it must have been told about t2.
    expect(updates).toEqual(["t2"]);
  });

  function intakeSetup() {
    const api = new FakeAgentApi();
    const inputs: MessageInput[] = [];
    const intake = new ChatIntake({
      epoch: 1,
      api: api.asAgentApi(),
      claims: { existing: async () => new Map() } as unknown as ClaimStore,
      log: silentLog,
      config: () => orgConfig(),
      isAccepting: () => true,
      answer: async (input) => void inputs.push(input),
      onTaskError: () => undefined,
    });
    const push = (action: RtmPush["action"], payload: unknown) => intake.accept(signalFromPush({ action, payload } as RtmPush)!, "rtm");
    const webhook = (action: string, payload: unknown) => intake.accept(signalFromWebhook(action, { payload })!, "webhook");
    return { api, inputs, intake, push, webhook };
  }

  it("intake: a failed follow is not recorded as followed, so the next signal follows again", async () => {
    const t = intakeSetup();
    let failFollow = true;
    const follow = t.api.follow.bind(t.api);
    t.api.follow = async (chatId: string) => {
      await follow(chatId);
      if (failFollow) {
        failFollow = false;
        throw new Error("follow_chat timed out");
      }
    };
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)], isFollowed: false }));
    t.webhook("incoming_event", { chat_id: "C1", thread_id: "T1", event: message("c1", CUSTOMER_ID) });
    await t.intake.idle();
    t.webhook("user_added_to_chat", { chat_id: "C1", user: agent(BOT_ID) });
    await t.intake.idle();
    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1", "follow:C1", "getChat:C1"]);
  });

  it("intake: a human added while a read of the chat is in flight is kept (user signals go through the chat's queue)", async () => {
    const t = intakeSetup();
    const read = deferred<Chat>();
    t.api.chats.set("C1", () => read.promise);
    t.webhook("incoming_event", { chat_id: "C1", thread_id: "T1", event: message("m1", CUSTOMER_ID) });
    await vi.waitFor(() => expect(t.api.chatCalls()).toContain("getChat:C1"));
    t.push("user_added_to_chat", { chat_id: "C1", user: agent(HUMAN_ID) });
    read.resolve(chat({ events: [message("m1", CUSTOMER_ID)] })); // read before the human joined
    t.push("incoming_event", { chat_id: "C1", thread_id: "T1", event: message("m2", CUSTOMER_ID) });
    await t.intake.idle();
    expect(t.inputs.map((input) => `${input.event.id}:${input.humanTakeover}`)).toEqual(["m1:false", "m2:true"]);
  });

  it("sync: a request made just as a pass ends is not lost", async () => {
    for (let depth = 0; depth < 8; depth += 1) {
      const api = new FakeAgentApi();
      const passes: boolean[] = [];
      let armed = true;
      const ref: { sync?: ChatSync } = {};
      const intake = {
        reconcile: (_s: readonly ChatSummary[], full: boolean) => {
          passes.push(full);
          if (!armed) return;
          armed = false;
          let p: Promise<unknown> = Promise.resolve();
          for (let i = 0; i < depth; i += 1) p = p.then(() => undefined);
          void p.then(() => ref.sync?.sync("full"));
        },
      };
      const sync = new ChatSync({
        api: api.asAgentApi(), intake: intake as unknown as ChatIntake, log: silentLog, reconcileIntervalMs: 1, fallbackIntervalMs: 1,
        config: () => orgConfig(), isReady: () => true, webhooksActive: () => true,
      });
      ref.sync = sync;
      await sync.sync("new");
      await vi.waitFor(() => expect(passes, `depth ${depth}`).toEqual([false, true]));
    }
  });
});
