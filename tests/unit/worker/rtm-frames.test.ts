// The RTM frame parser: every incoming frame is validated; anything malformed or unknown comes
// back as a value to log and skip, never as an exception (fast-check over arbitrary input).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRtmFrame, PushPayloadSchemas, SUBSCRIBED_PUSHES } from "../../../lib/livechat/rtm-schemas";

const event = { id: "T_1", type: "message", created_at: "2026-03-02T10:15:22.930000Z", author_id: "c1", text: "hello" };

describe("parseRtmFrame", () => {
  it("never throws, whatever arrives", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array().map((bytes) => Buffer.from(bytes)), fc.anything()), fc.boolean(), (data, isBinary) => {
        const frame = parseRtmFrame(data, isBinary);
        return ["response", "push", "unknown_push", "invalid"].includes(frame.kind);
      }),
      { numRuns: 2_000 },
    );
  });

  it("never throws on envelopes with arbitrary payloads for every push it handles", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUBSCRIBED_PUSHES), fc.jsonValue(), (action, payload) => {
        const frame = parseRtmFrame(JSON.stringify({ type: "push", action, payload }));
        return frame.kind === "push" || frame.kind === "invalid";
      }),
      { numRuns: 2_000 },
    );
  });

  it("accepts valid pushes with extra fields and keeps the fields it knows", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string().filter((key) => !["chat_id", "thread_id", "event"].includes(key)), fc.jsonValue()), (extra) => {
        const frame = parseRtmFrame(JSON.stringify({ type: "push", action: "incoming_event", payload: { ...extra, chat_id: "C", thread_id: "T", event } }));
        return frame.kind === "push" && frame.push.action === "incoming_event" && frame.push.payload.event.id === "T_1";
      }),
    );
  });

  it("sorts frames into responses, pushes, unknown pushes and invalid ones", () => {
    expect(parseRtmFrame(JSON.stringify({ type: "response", action: "login", request_id: "r1", success: true, payload: {} })).kind).toBe("response");
    expect(parseRtmFrame(JSON.stringify({ type: "push", action: "incoming_sneak_peek", payload: {} }))).toEqual({ kind: "unknown_push", action: "incoming_sneak_peek" });
    expect(parseRtmFrame("{nope").kind).toBe("invalid");
    expect(parseRtmFrame(Buffer.from("{}"), true)).toEqual({ kind: "invalid", reason: "binary frame" });
    expect(parseRtmFrame(JSON.stringify({ type: "push", action: "incoming_event", payload: { chat_id: "C" } }))).toMatchObject({ kind: "invalid", action: "incoming_event" });
    expect(parseRtmFrame(JSON.stringify({ type: "push", action: "toString", payload: {} })).kind).toBe("unknown_push");
    const push = parseRtmFrame(Buffer.from(JSON.stringify({ type: "push", action: "agent_disconnected", request_id: "r9", payload: { reason: "misdirected_request", data: { region: "fra" } } })));
    expect(push).toEqual({ kind: "push", push: { action: "agent_disconnected", requestId: "r9", payload: { reason: "misdirected_request", data: { region: "fra" } } } });
  });

  it("has a schema for every push it subscribes to", () => {
    expect(SUBSCRIBED_PUSHES.sort()).toEqual(Object.keys(PushPayloadSchemas).sort());
  });
});
