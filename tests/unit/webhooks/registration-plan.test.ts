// The registration plan (livechat-api.md 7.1): keep exact matches, replace ours that differ, leave
// other registrations of the Client ID alone, and respect 3 webhooks per action.
import { describe, expect, it } from "vitest";
import type { LiveChatWebhook } from "../../../lib/livechat/configuration-api";
import { planRegistration } from "../../../lib/webhooks/registration-plan";
import { DESCRIPTION_PREFIX, WANTED_ACTIONS, matchesWanted, secretFingerprint, wantedWebhooks, type WantedWebhook } from "../../../lib/webhooks/wanted-webhooks";

const URL_NOW = "https://botdesk.example/api/livechat/webhooks";
const SECRET = "s".repeat(43);
const wanted = wantedWebhooks({ url: URL_NOW, secret: SECRET });

let nextId = 0;
function listed(want: WantedWebhook, overrides: Partial<LiveChatWebhook> = {}): LiveChatWebhook {
  nextId += 1;
  return {
    id: `id${String(nextId).padStart(4, "0")}`,
    url: want.url,
    action: want.action,
    type: want.type,
    description: want.description,
    owner_client_id: "client",
    filters: structuredClone(want.filters) as Record<string, unknown>,
    additional_data: [...want.additionalData],
    ...overrides,
  };
}

const foreign = (action: string): LiveChatWebhook => ({ id: `zz-${action}-${nextId++}`, url: "https://other.example/hook", action, description: "someone else's" });

describe("wanted webhooks", () => {
  it("are the five bot webhooks the worker needs, only for chats with our bots", () => {
    expect(wanted.map((entry) => entry.action)).toEqual(["incoming_chat", "user_added_to_chat", "chat_transferred", "chat_deactivated", "incoming_event"]);
    expect(WANTED_ACTIONS).toHaveLength(5);
    for (const entry of wanted) {
      expect(entry).toMatchObject({ type: "bot", url: URL_NOW, additionalData: ["chat_presence_user_ids"] });
      expect(entry.filters.chat_presence).toEqual({ my_bots: true });
    }
    expect(wanted.find((entry) => entry.action === "incoming_event")?.filters).toEqual({ author_type: "customer", chat_presence: { my_bots: true } });
  });

  it("carry a fingerprint of the secret, never the secret", () => {
    const [first] = wanted;
    expect(first?.description).toBe(`${DESCRIPTION_PREFIX} ${secretFingerprint(SECRET)}`);
    expect(first?.description).not.toContain(SECRET);
    expect(secretFingerprint("another secret")).not.toBe(secretFingerprint(SECRET));
  });

  it("match a listing whatever the key order, and one that leaves out type and additional_data", () => {
    const want = wanted[4]!;
    const reordered = listed(want, { filters: { chat_presence: { my_bots: true }, author_type: "customer" } });
    expect(matchesWanted(reordered, want)).toBe(true);
    const { type: _type, additional_data: _data, ...bare } = listed(want);
    expect(matchesWanted(bare, want)).toBe(true);
    expect(matchesWanted(listed(want, { additional_data: ["chat_properties"] }), want)).toBe(false);
    expect(matchesWanted(listed(want, { filters: { chat_presence: { my_bots: true } } }), want)).toBe(false);
    expect(matchesWanted(listed(want, { type: "license" }), want)).toBe(false);
  });
});

describe("planRegistration", () => {
  it("registers all five when LiveChat has none", () => {
    const plan = planRegistration([], wanted, URL_NOW);
    expect(plan).toEqual({ keep: [], stale: [], missing: wanted, overLimit: [] });
  });

  it("changes nothing when exactly the wanted set is registered", () => {
    const current = wanted.map((want) => listed(want));
    const plan = planRegistration(current, wanted, URL_NOW);
    expect(plan.keep).toEqual(current);
    expect(plan.stale).toEqual([]);
    expect(plan.missing).toEqual([]);
  });

  it("replaces registrations made with an older secret, a moved URL or other settings", () => {
    const old = wantedWebhooks({ url: URL_NOW, secret: "an older secret" }).map((want) => listed(want));
    const moved = listed(wanted[0]!, { url: "https://old-host.example/api/livechat/webhooks" });
    const otherFilters = listed(wanted[1]!, { filters: {} });
    const plan = planRegistration([...old, moved, otherFilters], wanted, URL_NOW);
    expect(plan.keep).toEqual([]);
    expect(plan.stale.map((entry) => entry.id).sort()).toEqual([...old, moved, otherFilters].map((entry) => entry.id).sort());
    expect(plan.missing).toEqual(wanted);
  });

  it("keeps the lowest id of exact duplicates and unregisters the others", () => {
    const later = listed(wanted[0]!, { id: "b-later" });
    const earlier = listed(wanted[0]!, { id: "a-earlier" });
    const plan = planRegistration([later, earlier], wanted, URL_NOW);
    expect(plan.keep).toEqual([earlier]);
    expect(plan.stale).toEqual([later]);
  });

  it("leaves other registrations of the Client ID alone", () => {
    const others = [foreign("incoming_chat"), foreign("incoming_event")];
    const plan = planRegistration(others, wanted, URL_NOW);
    expect(plan.stale).toEqual([]);
    expect(plan.overLimit).toEqual([]);
  });

  it("reports actions that other registrations fill up, counting stale ones of ours as freed", () => {
    const full = [foreign("incoming_event"), foreign("incoming_event"), foreign("incoming_event")];
    expect(planRegistration(full, wanted, URL_NOW).overLimit).toEqual([{ action: "incoming_event", others: 3 }]);
    const staleOfOurs = listed(wanted[4]!, { description: `${DESCRIPTION_PREFIX} 0000000000000000` });
    const room = [foreign("incoming_event"), foreign("incoming_event"), staleOfOurs];
    const plan = planRegistration(room, wanted, URL_NOW);
    expect(plan.overLimit).toEqual([]);
    expect(plan.stale).toEqual([staleOfOurs]);
  });
});
