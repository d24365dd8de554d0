// Chat intake: RTM pushes, webhook deliveries and listings become "customer message M for bot B in
// chat C" handed to the reply pipeline — once per message in this process, in order per chat, and
// with as few follows and reads as the protocol allows (livechat-api.md 4.8: a follow ends with its
// thread; 10.1: every request is billed). The AgentApi and the claim store are small fakes; every
// test waits on `intake.idle()`, never on time.
import { describe, expect, it, vi } from "vitest";
import type { Chat, ChatSummary, RtmPush } from "@/lib/livechat/rtm-schemas";
import { ChatIntake } from "@/worker/chat-intake";
import { signalFromPush, signalFromWebhook } from "@/worker/chat-signal";
import type { ClaimStore } from "@/worker/claims";
import type { OrgConfig } from "@/worker/org-config";
import type { MessageInput } from "@/worker/reply-pipeline";
import { agent, BOT_ID, chat, CUSTOMER_ID, customer, deferred, FakeAgentApi, HUMAN_ID, managedBot, message, orgConfig, silentLog, summary } from "./support";

const EPOCH = 2;

type Claim = { status: string; leaseEpoch: number };

function setup(options: { config?: OrgConfig } = {}) {
  const api = new FakeAgentApi();
  const config = options.config ?? orgConfig([managedBot()], [[0, "General"]]);
  const claimed = new Map<string, Claim>();
  const claimQueries: { botId: string; eventIds: readonly string[] }[] = [];
  const claims = {
    existing: async (botId: string, eventIds: readonly string[]) => {
      claimQueries.push({ botId, eventIds });
      return new Map(eventIds.flatMap((id) => (claimed.has(id) ? [[id, claimed.get(id) as Claim] as const] : [])));
    },
  };
  const inputs: MessageInput[] = [];
  const taskErrors: { error: unknown; chatId: string }[] = [];
  const state = {
    accepting: true,
    answer: async (input: MessageInput): Promise<unknown> => {
      inputs.push(input);
      return undefined;
    },
  };
  const intake = new ChatIntake({
    epoch: EPOCH,
    api: api.asAgentApi(),
    claims: claims as unknown as ClaimStore,
    log: silentLog,
    config: () => config,
    isAccepting: () => state.accepting,
    answer: (input) => state.answer(input),
    onTaskError: (error, chatId) => taskErrors.push({ error, chatId }),
  });

  function push(action: RtmPush["action"], payload: unknown): void {
    const signal = signalFromPush({ action, payload } as RtmPush);
    if (!signal) throw new Error(`no signal from the ${action} push`);
    intake.accept(signal, "rtm");
  }
  function webhook(action: string, payload: unknown): void {
    const signal = signalFromWebhook(action, { payload, additional_data: { chat_presence_user_ids: [CUSTOMER_ID, BOT_ID] } });
    if (!signal) throw new Error(`no signal from the ${action} webhook`);
    intake.accept(signal, "webhook");
  }
  /** `chat:event/source` of every message handed to the pipeline, in order. */
  const answered = () => inputs.map((input) => `${input.chatId}:${input.event.id}/${input.source}`);

  return { api, intake, claimed, claimQueries, inputs, taskErrors, state, push, webhook, answered };
}

const incomingEvent = (chatId: string, threadId: string, event: ReturnType<typeof message>) => ({ chat_id: chatId, thread_id: threadId, event });

describe("ChatIntake: new chats and messages", () => {
  it("follows a chat announced by an incoming_chat webhook once and answers the customer messages of its thread", async () => {
    const t = setup();
    const announced = chat({
      users: [customer(CUSTOMER_ID, { name: "Maria", email: "maria@example.com" }), agent(BOT_ID)],
      events: [message("c1", CUSTOMER_ID), message("b1", BOT_ID), message("c2", CUSTOMER_ID)],
    });
    t.webhook("incoming_chat", { chat: announced });
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["follow:C1"]);
    expect(t.answered()).toEqual(["C1:c1/catch_up", "C1:c2/catch_up"]);
    expect(t.inputs[0]).toMatchObject({
      threadId: "T1",
      bot: { id: `db-${BOT_ID}` },
      isFirstCustomerMessage: true,
      groupId: 0,
      groupName: "General",
      customer: { name: "Maria", email: "maria@example.com" },
      humanTakeover: false,
    });
    expect(t.inputs[1]?.isFirstCustomerMessage).toBe(false);
    expect(t.claimQueries).toEqual([{ botId: `db-${BOT_ID}`, eventIds: ["c1", "c2"] }]);

    // A retried delivery, then the incoming_chat push our new follow brings (5): nothing more.
    t.webhook("incoming_chat", { chat: announced });
    t.push("incoming_chat", { chat: announced });
    await t.intake.idle();
    expect(t.api.chatCalls()).toEqual(["follow:C1"]);
    expect(t.answered()).toEqual(["C1:c1/catch_up", "C1:c2/catch_up"]);
  });

  it("does not follow a chat announced by push, nor a chat without a bot of ours, nor an inactive thread", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({ id: "C1", events: [message("c1", CUSTOMER_ID)] }) });
    t.webhook("incoming_chat", { chat: chat({ id: "C2", users: [customer(), agent(HUMAN_ID)], events: [message("c2", CUSTOMER_ID)] }) });
    t.webhook("incoming_chat", { chat: chat({ id: "C3", active: false, events: [message("c3", CUSTOMER_ID)] }) });
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual([]);
    expect(t.answered()).toEqual(["C1:c1/catch_up"]);
  });

  it("answers a message that arrives by webhook and by RTM push once, as a live message", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({ events: [] }) });
    await t.intake.idle();

    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    t.push("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    // And the other way round for the next message.
    t.push("incoming_event", incomingEvent("C1", "T1", message("c2", CUSTOMER_ID)));
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c2", CUSTOMER_ID)));
    await t.intake.idle();

    expect(t.answered()).toEqual(["C1:c1/live", "C1:c2/live"]);
    expect(t.inputs.map((input) => input.isFirstCustomerMessage)).toEqual([true, false]);
    expect(t.api.chatCalls()).toEqual([]);
  });

  it("follows and reads a chat it does not know once when a customer message comes by webhook", async () => {
    const t = setup();
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c2", CUSTOMER_ID)));
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1"]);
    expect(t.answered()).toEqual(["C1:c1/live", "C1:c2/live"]);
    expect(t.inputs.map((input) => input.isFirstCustomerMessage)).toEqual([true, false]);
  });

  it("reads without following a chat it does not know when the message comes by push", async () => {
    const t = setup();
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    t.push("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["getChat:C1"]);
    expect(t.answered()).toEqual(["C1:c1/live"]);
  });

  it("reads the chat again when a message belongs to a new thread", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({ threadId: "T1" }) });
    t.api.chats.set("C1", chat({ threadId: "T2", events: [message("c9", CUSTOMER_ID)] }));
    t.push("incoming_event", incomingEvent("C1", "T2", message("c9", CUSTOMER_ID)));
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["getChat:C1"]);
    expect(t.answered()).toEqual(["C1:c9/live"]);
    expect(t.inputs[0]?.threadId).toBe("T2");
  });

  it("answers nothing for messages of bots, agents and the system", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({}) });
    t.push("incoming_event", incomingEvent("C1", "T1", message("b1", BOT_ID)));
    t.push("incoming_event", incomingEvent("C1", "T1", message("h1", HUMAN_ID)));
    t.push("incoming_event", incomingEvent("C1", "T1", { id: "s1", type: "system_message", created_at: "2026-03-02T10:15:00Z" }));
    t.push("incoming_event", incomingEvent("C1", "T1", { ...message("f1", CUSTOMER_ID), type: "file" }));
    await t.intake.idle();

    expect(t.answered()).toEqual([]);
    expect(t.api.chatCalls()).toEqual([]);
  });
});

describe("ChatIntake: humans in the chat", () => {
  it("does not answer what the customer wrote before a human agent's last message", async () => {
    const t = setup();
    // Transferred to the bot: the human who wrote h1 has left the chat.
    const events = [message("c1", CUSTOMER_ID), message("h1", HUMAN_ID), message("c2", CUSTOMER_ID), message("b1", BOT_ID), message("c3", CUSTOMER_ID)];
    t.push("incoming_chat", { chat: chat({ events }) });
    await t.intake.idle();

    expect(t.answered()).toEqual(["C1:c2/catch_up", "C1:c3/catch_up"]);
    expect(t.inputs.every((input) => !input.humanTakeover)).toBe(true);
  });

  it("hands messages over with humanTakeover while a human agent is in the chat, and without once they left", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({ users: [customer(), agent(BOT_ID), agent(HUMAN_ID)], events: [message("c1", CUSTOMER_ID)] }) });
    t.push("incoming_event", incomingEvent("C1", "T1", message("c2", CUSTOMER_ID)));
    await t.intake.idle();
    t.push("user_removed_from_chat", { chat_id: "C1", user_id: HUMAN_ID });
    t.push("incoming_event", incomingEvent("C1", "T1", message("c3", CUSTOMER_ID)));
    await t.intake.idle();
    t.push("user_added_to_chat", { chat_id: "C1", user: agent("anna@acme.example") });
    t.push("incoming_event", incomingEvent("C1", "T1", message("c4", CUSTOMER_ID)));
    await t.intake.idle();

    expect(t.inputs.map((input) => `${input.event.id}:${input.humanTakeover}`)).toEqual(["c1:true", "c2:true", "c3:false", "c4:true"]);
  });
});

describe("ChatIntake: a bot joins, leaves or is given a chat", () => {
  it("follows and reads once when a bot of ours is added, by webhook and then by push", async () => {
    const t = setup();
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    const payload = { chat_id: "C1", thread_id: "T1", user: agent(BOT_ID), reason: "manual" };
    t.webhook("user_added_to_chat", payload);
    t.push("user_added_to_chat", payload);
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1"]);
    expect(t.answered()).toEqual(["C1:c1/catch_up"]);
  });

  it("follows and reads a chat transferred to a bot of ours", async () => {
    const t = setup();
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    t.webhook("chat_transferred", { chat_id: "C1", thread_id: "T1", reason: "manual", transferred_to: { agent_ids: [BOT_ID] } });
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1"]);
    expect(t.answered()).toEqual(["C1:c1/catch_up"]);
  });

  it("re-reads a chat transferred away and forgets it once no bot of ours is left", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({}) });
    t.api.chats.set("C1", chat({ users: [customer(), agent(HUMAN_ID)] }));
    t.push("chat_transferred", { chat_id: "C1", transferred_to: { agent_ids: [HUMAN_ID] } });
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["getChat:C1"]);
    expect(t.intake.size).toBe(0);
  });

  it("forgets a chat when it is deactivated, and reads it again when it comes back", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({}) });
    await t.intake.idle();
    expect(t.intake.size).toBe(1);

    t.webhook("chat_deactivated", { chat_id: "C1", thread_id: "T1" });
    expect(t.intake.size).toBe(0);

    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    t.push("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    await t.intake.idle();
    expect(t.api.chatCalls()).toEqual(["getChat:C1"]);
  });

  it("follows again and reads the thread when our follow of a bot chat ends", async () => {
    const t = setup();
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    t.webhook("user_added_to_chat", { chat_id: "C1", user: agent(BOT_ID) });
    await t.intake.idle();
    t.push("chat_unfollowed", { chat_id: "C1" });
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1", "follow:C1", "getChat:C1"]);
    expect(t.answered()).toEqual(["C1:c1/catch_up"]);
  });
});

describe("ChatIntake: claims and the seen set", () => {
  it("skips messages claimed already, except a claim a dead owner of an earlier epoch left", async () => {
    const t = setup();
    t.claimed.set("c1", { status: "done", leaseEpoch: 1 });
    t.claimed.set("c2", { status: "claimed", leaseEpoch: EPOCH - 1 });
    t.claimed.set("c3", { status: "claimed", leaseEpoch: EPOCH });
    t.push("incoming_chat", { chat: chat({ events: [message("c1", CUSTOMER_ID), message("c2", CUSTOMER_ID), message("c3", CUSTOMER_ID)] }) });
    await t.intake.idle();
    expect(t.answered()).toEqual(["C1:c2/catch_up"]);

    // The skipped ones count as seen: a late push of them is not handed over either.
    t.push("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    t.push("incoming_event", incomingEvent("C1", "T1", message("c3", CUSTOMER_ID)));
    await t.intake.idle();
    expect(t.answered()).toEqual(["C1:c2/catch_up"]);
  });

  it("hands a message over again after a failed answer, and reports the failure", async () => {
    const t = setup();
    t.push("incoming_chat", { chat: chat({}) });
    const failure = new Error("pipeline down");
    t.state.answer = async () => {
      throw failure;
    };
    t.push("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    await t.intake.idle();
    expect(t.taskErrors).toEqual([{ error: failure, chatId: "C1" }]);

    const inputs: string[] = [];
    t.state.answer = async (input) => inputs.push(input.event.id);
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    await t.intake.idle();
    expect(inputs).toEqual(["c1"]);
  });

  it("hands a message over once per bot of ours in the chat", async () => {
    const second = managedBot({ livechatBotId: "bot-lc-2", id: "db-bot-lc-2" });
    const t = setup({ config: orgConfig([managedBot(), second]) });
    t.push("incoming_chat", { chat: chat({ users: [customer(), agent(BOT_ID), agent("bot-lc-2")] }) });
    t.push("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c1", CUSTOMER_ID)));
    await t.intake.idle();

    expect(t.inputs.map((input) => `${input.bot.id}:${input.event.id}`)).toEqual([`db-${BOT_ID}:c1`, "db-bot-lc-2:c1"]);
  });
});

describe("ChatIntake.reconcile", () => {
  const botChat = (id: string, threadId: string, events = [message(`${id}-c1`, CUSTOMER_ID)]): Chat => chat({ id, threadId, events });

  it("follows unfollowed bot chats and reads only those and new threads; forgets chats no longer listed", async () => {
    const t = setup();
    t.api.chats.set("A", botChat("A", "TA"));
    t.api.chats.set("B", botChat("B", "TB"));
    const listing: ChatSummary[] = [
      summary({ id: "A", threadId: "TA", isFollowed: false }),
      summary({ id: "B", threadId: "TB", isFollowed: true }), // followed, thread new to us
      summary({ id: "X", users: [customer(), agent(HUMAN_ID)], isFollowed: false }), // no bot of ours
      summary({ id: "Y", active: false, isFollowed: false }), // thread closed
    ];
    t.intake.reconcile(listing, false);
    await t.intake.idle();
    expect(t.api.chatCalls().sort()).toEqual(["follow:A", "getChat:A", "getChat:B"]);
    expect(t.answered().sort()).toEqual(["A:A-c1/catch_up", "B:B-c1/catch_up"]);

    // Nothing new: no request at all. C is new; B went away.
    t.api.calls.length = 0;
    t.api.chats.set("C", botChat("C", "TC"));
    t.intake.reconcile([summary({ id: "A", threadId: "TA", isFollowed: true }), summary({ id: "C", threadId: "TC", isFollowed: true })], false);
    await t.intake.idle();
    expect(t.api.chatCalls()).toEqual(["getChat:C"]);
    expect(t.intake.size).toBe(2);

    // A has a new thread.
    t.api.calls.length = 0;
    t.api.chats.set("A", botChat("A", "TA2", [message("A-c2", CUSTOMER_ID)]));
    t.intake.reconcile([summary({ id: "A", threadId: "TA2", isFollowed: true }), summary({ id: "C", threadId: "TC", isFollowed: true })], false);
    await t.intake.idle();
    expect(t.api.chatCalls()).toEqual(["getChat:A"]);
    expect(t.answered().sort()).toEqual(["A:A-c1/catch_up", "A:A-c2/catch_up", "B:B-c1/catch_up", "C:C-c1/catch_up"]);
  });

  it("reads every bot chat again on a full pass, and follows only those not followed", async () => {
    const t = setup();
    t.api.chats.set("A", botChat("A", "TA"));
    t.api.chats.set("B", botChat("B", "TB"));
    t.intake.reconcile([summary({ id: "A", threadId: "TA", isFollowed: true }), summary({ id: "B", threadId: "TB", isFollowed: true })], false);
    await t.intake.idle();

    t.api.calls.length = 0;
    t.intake.reconcile([summary({ id: "A", threadId: "TA", isFollowed: true }), summary({ id: "B", threadId: "TB", isFollowed: false })], true);
    await t.intake.idle();
    expect(t.api.chatCalls().sort()).toEqual(["follow:B", "getChat:A", "getChat:B"]);
    // Read again, answered once.
    expect(t.answered().sort()).toEqual(["A:A-c1/catch_up", "B:B-c1/catch_up"]);
  });
});

describe("ChatIntake: order and stopping", () => {
  it("runs the tasks of one chat one after another, in order, while other chats go on", async () => {
    const t = setup();
    const c1Chat = deferred<Chat>();
    t.api.chats.set("C1", () => c1Chat.promise);
    t.push("incoming_chat", { chat: chat({ id: "C2" }) });
    const firstAnswer = deferred<void>();
    const log: string[] = [];
    t.state.answer = async (input) => {
      log.push(`start ${input.chatId}:${input.event.id}`);
      if (input.event.id === "m1") await firstAnswer.promise;
      log.push(`end ${input.chatId}:${input.event.id}`);
    };

    t.webhook("incoming_event", incomingEvent("C1", "T1", message("m1", CUSTOMER_ID)));
    t.push("incoming_event", incomingEvent("C1", "T1", message("m2", CUSTOMER_ID)));
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("m3", CUSTOMER_ID)));
    t.push("incoming_event", incomingEvent("C2", "T1", message("x1", CUSTOMER_ID)));

    // C1 waits for its read; C2 is not held up by it.
    await vi.waitFor(() => expect(log).toContain("end C2:x1"));
    expect(log).toEqual(["start C2:x1", "end C2:x1"]);

    c1Chat.resolve(chat({ events: [message("m1", CUSTOMER_ID)] }));
    await vi.waitFor(() => expect(log).toContain("start C1:m1"));
    firstAnswer.resolve();
    await t.intake.idle();

    expect(log).toEqual(["start C2:x1", "end C2:x1", "start C1:m1", "end C1:m1", "start C1:m2", "end C1:m2", "start C1:m3", "end C1:m3"]);
    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1"]);
  });

  it("ends queued work without calling anything once it no longer accepts", async () => {
    const t = setup();
    t.state.accepting = false;
    t.api.chats.set("C1", chat({ events: [message("c1", CUSTOMER_ID)] }));
    t.webhook("incoming_chat", { chat: chat({ events: [message("c1", CUSTOMER_ID)] }) });
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("c2", CUSTOMER_ID)));
    t.webhook("user_added_to_chat", { chat_id: "C1", user: agent(BOT_ID) });
    t.intake.reconcile([summary({ id: "C1", isFollowed: false })], true);
    await t.intake.idle();

    expect(t.api.calls).toEqual([]);
    expect(t.inputs).toEqual([]);
  });

  it("lets the running task finish but starts none of the queued ones after it stops accepting", async () => {
    const t = setup();
    const read = deferred<Chat>();
    t.api.chats.set("C1", () => read.promise);
    t.webhook("incoming_event", incomingEvent("C1", "T1", message("m1", CUSTOMER_ID)));
    t.push("incoming_event", incomingEvent("C1", "T1", message("m2", CUSTOMER_ID)));
    t.webhook("user_added_to_chat", { chat_id: "C1", user: agent(BOT_ID) });
    await vi.waitFor(() => expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1"]));

    t.state.accepting = false;
    read.resolve(chat({ events: [message("m1", CUSTOMER_ID)] }));
    await t.intake.idle();

    expect(t.api.chatCalls()).toEqual(["follow:C1", "getChat:C1"]);
    expect(t.answered()).toEqual(["C1:m1/live"]);
  });
});
