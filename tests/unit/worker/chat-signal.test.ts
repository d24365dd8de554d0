// Chat signals: an RTM push (livechat-api.md 5) and a bot webhook delivery of the same name (7.2:
// `{ payload, additional_data }`, the payload the same as the push's) become the same signal;
// anything else, and anything unreadable, becomes null.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RtmPush } from "@/lib/livechat/rtm-schemas";
import { signalFromPush, signalFromWebhook, type ChatSignal } from "@/worker/chat-signal";
import { agent, BOT_ID, chat, CUSTOMER_ID, message } from "./support";

const event = message("SZ4K8N2QWF_3", CUSTOMER_ID, "2026-03-02T10:15:22.930000Z");
const incomingChat = chat({ id: "SZ4K8N2QWE", threadId: "SZ4K8N2QWF", events: [event] });

/** Each push the intake reads, with the signal it must become. */
const cases: { push: RtmPush; signal: ChatSignal }[] = [
  { push: { action: "incoming_chat", payload: { chat: incomingChat, requester_id: "maria@acme.example" } }, signal: { kind: "chat", chat: incomingChat } },
  {
    push: { action: "incoming_event", payload: { chat_id: "SZ4K8N2QWE", thread_id: "SZ4K8N2QWF", event } },
    signal: { kind: "event", chatId: "SZ4K8N2QWE", threadId: "SZ4K8N2QWF", event },
  },
  {
    push: { action: "user_added_to_chat", payload: { chat_id: "SZ4K8N2QWE", thread_id: "SZ4K8N2QWF", user: agent(BOT_ID), reason: "manual" } },
    signal: { kind: "user_added", chatId: "SZ4K8N2QWE", user: agent(BOT_ID) },
  },
  {
    push: { action: "user_removed_from_chat", payload: { chat_id: "SZ4K8N2QWE", user_id: BOT_ID, reason: "manual" } },
    signal: { kind: "user_removed", chatId: "SZ4K8N2QWE", userId: BOT_ID },
  },
  {
    push: {
      action: "chat_transferred",
      payload: { chat_id: "SZ4K8N2QWE", thread_id: "SZ4K8N2QWF", reason: "manual", transferred_to: { group_ids: [4], agent_ids: ["tom@acme.example"] } },
    },
    signal: { kind: "transferred", chatId: "SZ4K8N2QWE", toAgentIds: ["tom@acme.example"] },
  },
  { push: { action: "chat_deactivated", payload: { chat_id: "SZ4K8N2QWE", thread_id: "SZ4K8N2QWF" } }, signal: { kind: "deactivated", chatId: "SZ4K8N2QWE" } },
];

describe("signalFromPush", () => {
  it.each(cases)("turns $push.action into a $signal.kind signal", ({ push, signal }) => {
    expect(signalFromPush(push)).toEqual(signal);
  });

  it("turns chat_unfollowed and chat_access_updated into signals", () => {
    expect(signalFromPush({ action: "chat_unfollowed", payload: { chat_id: "C1" } })).toEqual({ kind: "unfollowed", chatId: "C1" });
    expect(signalFromPush({ action: "chat_access_updated", payload: { id: "C1", access: { group_ids: [3, 0] } } })).toEqual({
      kind: "access_updated",
      chatId: "C1",
      groupIds: [3, 0],
    });
  });

  it("reads a transfer to a group only as a transfer to no agent", () => {
    expect(signalFromPush({ action: "chat_transferred", payload: { chat_id: "C1", transferred_to: { group_ids: [4] } } })).toEqual({
      kind: "transferred",
      chatId: "C1",
      toAgentIds: [],
    });
    expect(signalFromPush({ action: "chat_transferred", payload: { chat_id: "C1" } })).toEqual({ kind: "transferred", chatId: "C1", toAgentIds: [] });
  });

  it("has no signal for pushes about something other than chats", () => {
    expect(signalFromPush({ action: "routing_status_set", payload: { agent_id: BOT_ID, status: "offline" } })).toBeNull();
    expect(signalFromPush({ action: "agent_disconnected", payload: { reason: "misdirected_connection" } })).toBeNull();
    expect(signalFromPush({ action: "bot_updated", payload: { id: BOT_ID } })).toBeNull();
  });
});

describe("signalFromWebhook", () => {
  const additional_data = { chat_presence_user_ids: [CUSTOMER_ID, BOT_ID] };

  it.each(cases)("reads a $push.action delivery as the push of that name", ({ push, signal }) => {
    // The stored body: the delivery without the envelope fields the inbox already checked (7.2).
    const body = JSON.parse(JSON.stringify({ payload: push.payload, additional_data })) as unknown;
    expect(signalFromWebhook(push.action, body)).toEqual(signal);
    expect(signalFromWebhook(push.action, body)).toEqual(signalFromPush(push));
  });

  it("reads the incoming_event delivery of livechat-api.md 7.2 as it is sent", () => {
    const delivery = {
      webhook_id: "b1f0c3e2d4a5968778695a4b3c2d1e0f",
      secret_key: "wHk3-9f0a-Lq7Z",
      action: "incoming_event",
      organization_id: "5b0e7c3a-2d41-4f8e-9a6b-1c2d3e4f5a6b",
      payload: {
        chat_id: "SZ4K8N2QWE",
        thread_id: "SZ4K8N2QWF",
        event: {
          id: "SZ4K8N2QWF_3",
          created_at: "2026-03-02T10:15:22.930000Z",
          visibility: "all",
          type: "message",
          text: "Can I return shoes after 30 days?",
          author_id: CUSTOMER_ID,
        },
      },
      additional_data,
    };
    expect(signalFromWebhook("incoming_event", delivery)).toMatchObject({
      kind: "event",
      chatId: "SZ4K8N2QWE",
      threadId: "SZ4K8N2QWF",
      event: { id: "SZ4K8N2QWF_3", author_id: CUSTOMER_ID, text: "Can I return shoes after 30 days?" },
    });
  });

  it("has no signal for an unreadable body", () => {
    expect(signalFromWebhook("incoming_event", null)).toBeNull();
    expect(signalFromWebhook("incoming_event", "{}")).toBeNull();
    expect(signalFromWebhook("incoming_event", {})).toBeNull();
    expect(signalFromWebhook("incoming_event", { payload: null })).toBeNull();
    expect(signalFromWebhook("incoming_event", { payload: { chat_id: "C1", thread_id: "T1" } })).toBeNull(); // no event
    expect(signalFromWebhook("incoming_event", { payload: { chat_id: "C1", thread_id: "T1", event: { id: "E1", type: "message" } } })).toBeNull();
    expect(signalFromWebhook("incoming_chat", { payload: { chat: { users: [] } } })).toBeNull(); // chat without id
    // The payload itself, without the `payload` wrapper, is not a delivery body.
    expect(signalFromWebhook("chat_deactivated", { chat_id: "C1", thread_id: "T1" })).toBeNull();
  });

  it("has no signal for an action it does not read, even with a well-formed payload", () => {
    expect(signalFromWebhook("routing_status_set", { payload: { agent_id: BOT_ID, status: "accepting chats" } })).toBeNull();
    expect(signalFromWebhook("chat_unfollowed", { payload: { chat_id: "C1" } })).toBeNull(); // a push, never a webhook
    expect(signalFromWebhook("event_updated", { payload: { chat_id: "C1", thread_id: "T1", event } })).toBeNull();
    expect(signalFromWebhook("toString", { payload: {} })).toBeNull();
    expect(signalFromWebhook("", { payload: {} })).toBeNull();
  });

  it("never throws, whatever was stored", () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases.map((entry) => entry.push.action), "bogus", "__proto__"), fc.oneof(fc.anything(), fc.record({ payload: fc.jsonValue() })), (action, body) => {
        const signal = signalFromWebhook(action, body);
        return signal === null || typeof signal.kind === "string";
      }),
      { numRuns: 1_000 },
    );
  });
});
