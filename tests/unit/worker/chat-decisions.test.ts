// The worker's pure decisions about one chat (livechat-api.md 6.1, 6.3): which events are customer
// messages, which of them are the bot's to answer, whether a human is in the chat, which users are
// our bots, and whether a message found late is still worth an answer.
import { describe, expect, it } from "vitest";
import { hasHumanAgent, isCustomerMessage, isTooLateToAnswer, managedBotIds, messagesAfterLastHuman } from "@/worker/chat-decisions";
import { agent, BOT_ID, CUSTOMER_ID, customer, HUMAN_ID, message, systemMessage } from "./support";

const isManagedBot = (id: string) => id === BOT_ID || id === "bot-lc-2";
const ids = (events: { id: string }[]) => events.map((event) => event.id);

describe("isCustomerMessage", () => {
  it("is a message written by the chat's customer", () => {
    expect(isCustomerMessage(message("e1", CUSTOMER_ID), CUSTOMER_ID)).toBe(true);
  });

  it("is not a message of a bot or an agent, a system message, another event type, or any event while the customer is unknown", () => {
    expect(isCustomerMessage(message("e1", BOT_ID), CUSTOMER_ID)).toBe(false);
    expect(isCustomerMessage(message("e1", HUMAN_ID), CUSTOMER_ID)).toBe(false);
    expect(isCustomerMessage(systemMessage("e1"), CUSTOMER_ID)).toBe(false);
    expect(isCustomerMessage({ ...message("e1", CUSTOMER_ID), type: "file" }, CUSTOMER_ID)).toBe(false);
    expect(isCustomerMessage(message("e1", CUSTOMER_ID), null)).toBe(false);
  });
});

describe("messagesAfterLastHuman", () => {
  it("keeps every customer message of a thread no human wrote in, in order", () => {
    const events = [message("c1", CUSTOMER_ID), message("b1", BOT_ID), systemMessage("s1"), message("c2", CUSTOMER_ID)];
    expect(ids(messagesAfterLastHuman(events, CUSTOMER_ID, isManagedBot))).toEqual(["c1", "c2"]);
  });

  it("keeps only the customer messages after the last message of a human agent", () => {
    const events = [
      message("c1", CUSTOMER_ID),
      message("h1", HUMAN_ID),
      message("c2", CUSTOMER_ID),
      message("h2", "anna@acme.example"),
      message("c3", CUSTOMER_ID),
      message("c4", CUSTOMER_ID),
    ];
    expect(ids(messagesAfterLastHuman(events, CUSTOMER_ID, isManagedBot))).toEqual(["c3", "c4"]);
  });

  it("keeps nothing when a human agent wrote last", () => {
    const events = [message("c1", CUSTOMER_ID), message("c2", CUSTOMER_ID), message("h1", HUMAN_ID)];
    expect(messagesAfterLastHuman(events, CUSTOMER_ID, isManagedBot)).toEqual([]);
  });

  it("does not count our bots' messages or system messages as a human message", () => {
    const events = [
      message("c1", CUSTOMER_ID),
      message("b1", BOT_ID),
      message("b2", "bot-lc-2"),
      systemMessage("s1"),
      message("c2", CUSTOMER_ID),
    ];
    expect(ids(messagesAfterLastHuman(events, CUSTOMER_ID, isManagedBot))).toEqual(["c1", "c2"]);
  });

  it("keeps nothing while the customer is unknown", () => {
    expect(messagesAfterLastHuman([message("c1", CUSTOMER_ID)], null, isManagedBot)).toEqual([]);
  });
});

describe("hasHumanAgent", () => {
  it("is true when an agent that is not one of our bots is in the chat", () => {
    expect(hasHumanAgent([customer(), agent(BOT_ID), agent(HUMAN_ID)], isManagedBot)).toBe(true);
  });

  it("is false with only the customer and our bots", () => {
    expect(hasHumanAgent([customer(), agent(BOT_ID), agent("bot-lc-2")], isManagedBot)).toBe(false);
    expect(hasHumanAgent([], isManagedBot)).toBe(false);
  });
});

describe("managedBotIds", () => {
  it("lists our bots among the chat's agents, in LiveChat's order", () => {
    expect(managedBotIds([agent("bot-lc-2"), customer(), agent(HUMAN_ID), agent(BOT_ID)], isManagedBot)).toEqual(["bot-lc-2", BOT_ID]);
  });

  it("ignores a customer whose id happens to be a bot id", () => {
    expect(managedBotIds([customer(BOT_ID)], isManagedBot)).toEqual([]);
  });
});

describe("isTooLateToAnswer", () => {
  const created = "2026-03-02T10:00:00.000000Z";
  const at = (iso: string) => Date.parse(iso);

  it("is true only past the window", () => {
    const event = message("c1", CUSTOMER_ID, created);
    expect(isTooLateToAnswer(event, at("2026-03-02T10:05:00Z"), 300_000)).toBe(false);
    expect(isTooLateToAnswer(event, at("2026-03-02T10:05:00.001Z"), 300_000)).toBe(true);
    expect(isTooLateToAnswer(event, at("2026-03-02T09:59:00Z"), 300_000)).toBe(false);
  });

  it("answers a message whose creation time cannot be read", () => {
    expect(isTooLateToAnswer({ created_at: "yesterday-ish" }, at("2030-01-01T00:00:00Z"), 1_000)).toBe(false);
  });
});
