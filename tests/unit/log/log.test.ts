// Log lines are JSON with level, time and message; secrets and customer text are removed wherever
// they appear; errors keep stack and cause; a request's context reaches every line logged inside it.
import { describe, expect, it } from "vitest";
import { createLogger, withLogContext } from "../../../lib/log";

function capture(level: "debug" | "info" = "info") {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ scope: "test" }, { level, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe("logs", () => {
  it("writes one JSON document per line with level, ISO time, message and scope", () => {
    const { log, lines } = capture();
    log.child({ orgId: "org-1" }).info("hello", { chatId: "C1" });
    log.debug("not at info");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "hello", scope: "test", orgId: "org-1", chatId: "C1" });
    expect(new Date(String(lines[0]!.time)).toISOString()).toBe(lines[0]!.time);
  });

  it("removes tokens, secrets and customer text, at the top level and one level down", () => {
    const { log, lines } = capture();
    log.info("call", { token: "dal:abc", accessToken: "x", text: "my card is 4111", nested: { refreshToken: "r", secret_key: "s", keep: 1 }, kept: "yes" });
    expect(JSON.stringify(lines[0])).not.toMatch(/dal:abc|4111|"r"|"s"/);
    expect(lines[0]).toMatchObject({ kept: "yes", nested: { keep: 1 } });
  });

  it("keeps an error's type, message, stack and cause", () => {
    const { log, lines } = capture();
    log.error("failed", { error: new Error("outer", { cause: new TypeError("inner") }) });
    const error = lines[0]!.error as { type: string; message: string; stack: string; cause?: { type: string; message: string } };
    expect(error.type).toBe("Error");
    expect(error.message).toBe("outer");
    expect(error.stack).toContain("log.test.ts");
    expect(error.cause).toMatchObject({ type: "TypeError", message: "inner" });
  });

  it("adds the request's context to every line logged inside it, and only there", async () => {
    const { log, lines } = capture();
    await withLogContext({ requestId: "req-1", orgId: "org-9" }, async () => {
      await Promise.resolve();
      log.info("inside");
    });
    log.info("outside");
    expect(lines[0]).toMatchObject({ msg: "inside", requestId: "req-1", orgId: "org-9" });
    expect(lines[1]).not.toHaveProperty("requestId");
  });
});
