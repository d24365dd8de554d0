// The per-organization call policy: 429 pauses the organization for Retry-After, 5xx and network
// failures are retried a bounded number of times, other errors are not, and an ambiguous failure
// is reconciled before a retry.
import { describe, expect, it } from "vitest";
import { LiveChatError } from "../../../lib/livechat/errors";
import { callWithPolicy, OrgGate } from "../../../worker/api-policy";

const limited = (seconds?: number) => new LiveChatError("too_many_requests", "Too many requests", 429, seconds === undefined ? {} : { retryAfterSeconds: seconds });
const internal = () => new LiveChatError("internal", "Internal server error", 500);

function scripted<T>(outcomes: (T | Error)[]) {
  const calls: number[] = [];
  return {
    calls,
    call: async () => {
      calls.push(Date.now());
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next as T;
    },
  };
}

describe("callWithPolicy", () => {
  it("waits out Retry-After before calling again, and holds back every call of the organization", async () => {
    const gate = new OrgGate();
    const policy = { gate, serverErrorRetries: 3, rateLimitMaxWaitMs: 10_000, retryBaseMs: 1, retryCapMs: 5 };
    const first = scripted([limited(0.3), "ok"]);
    const started = Date.now();
    const result = callWithPolicy(policy, "send_event", first.call);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Another call of the same organization made during the pause waits too.
    const other = scripted(["other"]);
    await expect(callWithPolicy(policy, "get_chat", other.call)).resolves.toBe("other");
    await expect(result).resolves.toBe("ok");
    expect(first.calls[1]! - first.calls[0]!).toBeGreaterThanOrEqual(290);
    expect(other.calls[0]! - started).toBeGreaterThanOrEqual(290);
  });

  it("gives up when the rate limit would outlast the budget", async () => {
    const policy = { gate: new OrgGate(), serverErrorRetries: 3, rateLimitMaxWaitMs: 1_000 };
    const script = scripted([limited(5)]);
    await expect(callWithPolicy(policy, "send_event", script.call)).rejects.toMatchObject({ type: "too_many_requests" });
    expect(script.calls).toHaveLength(1);
  });

  it("retries server errors a bounded number of times", async () => {
    const policy = { gate: new OrgGate(), serverErrorRetries: 3, rateLimitMaxWaitMs: 1_000, retryBaseMs: 1, retryCapMs: 5 };
    const recovering = scripted([internal(), internal(), "ok"]);
    await expect(callWithPolicy(policy, "send_event", recovering.call)).resolves.toBe("ok");
    const failing = scripted([internal(), internal(), internal(), internal(), "never"]);
    await expect(callWithPolicy(policy, "send_event", failing.call)).rejects.toMatchObject({ type: "internal" });
    expect(failing.calls).toHaveLength(4);
  });

  it("does not retry other client errors", async () => {
    const policy = { gate: new OrgGate(), serverErrorRetries: 3, rateLimitMaxWaitMs: 1_000 };
    const script = scripted([new LiveChatError("validation", "bad", 400), "never"]);
    await expect(callWithPolicy(policy, "send_event", script.call)).rejects.toMatchObject({ type: "validation" });
    expect(script.calls).toHaveLength(1);
  });

  it("reconciles after an ambiguous failure instead of sending twice", async () => {
    const policy = { gate: new OrgGate(), serverErrorRetries: 3, rateLimitMaxWaitMs: 1_000, retryBaseMs: 1, retryCapMs: 5 };
    const script = scripted([new LiveChatError("request_timeout", "timed out", 504), "sent again"]);
    let reconciled = 0;
    const result = await callWithPolicy(policy, "send_event", script.call, async () => {
      reconciled += 1;
      return "found the first one";
    });
    expect(result).toBe("found the first one");
    expect(script.calls).toHaveLength(1);
    expect(reconciled).toBe(1);
  });

  it("ends waiting when the organization stops", async () => {
    const gate = new OrgGate();
    gate.pause(60_000);
    const abort = new AbortController();
    const pending = callWithPolicy({ gate, serverErrorRetries: 0, rateLimitMaxWaitMs: 1, signal: abort.signal }, "get_chat", async () => "never");
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: "CallAbortedError" });
  });
});
