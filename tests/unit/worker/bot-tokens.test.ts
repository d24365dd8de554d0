// Bot tokens (livechat-api.md 2.6: 24 h, not revocable, no expiry in the answer): cached, issued
// once at a time, replaced at half-life — well before LiveChat would refuse them — and when the
// bot's secret changes or LiveChat refused one.
import { describe, expect, it } from "vitest";
import { BotTokenCache } from "../../../worker/bot-tokens";

describe("BotTokenCache", () => {
  function cache() {
    let now = Date.parse("2026-03-02T10:00:00Z");
    let issued = 0;
    const tokens = new BotTokenCache({
      renewAfterMs: 12 * 3_600_000,
      now: () => now,
      issue: async (botId) => {
        issued += 1;
        return `${botId}-token-${issued}`;
      },
    });
    return { tokens, advance: (ms: number) => (now += ms), issued: () => issued };
  }

  it("issues once for concurrent callers and reuses the token", async () => {
    const { tokens, issued } = cache();
    const all = await Promise.all([tokens.get("b1", "s"), tokens.get("b1", "s"), tokens.get("b1", "s")]);
    expect(new Set(all)).toEqual(new Set(["b1-token-1"]));
    expect(await tokens.get("b1", "s")).toBe("b1-token-1");
    expect(issued()).toBe(1);
  });

  it("renews at half-life, long before the 24 h lifetime ends", async () => {
    const { tokens, advance } = cache();
    await tokens.get("b1", "s");
    advance(11 * 3_600_000);
    expect(await tokens.get("b1", "s")).toBe("b1-token-1");
    advance(1 * 3_600_000);
    expect(await tokens.get("b1", "s")).toBe("b1-token-2");
  });

  it("issues again after a secret reset or a refusal", async () => {
    const { tokens } = cache();
    await tokens.get("b1", "s1");
    expect(await tokens.get("b1", "s2")).toBe("b1-token-2");
    tokens.invalidate("b1", "b1-token-2");
    expect(await tokens.get("b1", "s2")).toBe("b1-token-3");
    // Invalidating a token that was already replaced keeps the current one.
    tokens.invalidate("b1", "b1-token-2");
    expect(await tokens.get("b1", "s2")).toBe("b1-token-3");
  });
});
