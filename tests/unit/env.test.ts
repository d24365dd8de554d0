import { describe, expect, it } from "vitest";
import { EnvError, databaseProvider, webEnv, workerEnv } from "../../lib/env";

const key = Buffer.alloc(32, 7).toString("base64");
const valid = {
  NEXTAUTH_URL: "http://localhost:3000/",
  NEXTAUTH_SECRET: "x".repeat(32),
  LIVECHAT_CLIENT_ID: "client",
  LIVECHAT_CLIENT_SECRET: "secret",
  TOKEN_ENCRYPTION_KEYS: `k2:${key},k1:${key}`,
};

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const env = webEnv(valid);
    expect(env.DATABASE_URL).toBe("file:./data/app.db");
    expect(env.LIVECHAT_ACCOUNTS_URL).toBe("https://accounts.livechat.com");
    expect(env.LIVECHAT_API_URL).toBe("https://api.livechatinc.com");
    expect(env.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(env.TOKEN_ENCRYPTION_KEYS.map((k) => k.id)).toEqual(["k2", "k1"]);
    expect(workerEnv(valid).WORKER_CATCH_UP_WINDOW_SECONDS).toBe(600);
  });

  it("names every missing variable", () => {
    const error = (() => {
      try {
        webEnv({});
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    for (const name of ["NEXTAUTH_URL", "NEXTAUTH_SECRET", "LIVECHAT_CLIENT_ID", "LIVECHAT_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEYS"]) {
      expect(message).toContain(`${name}: is not set`);
    }
    expect(message).not.toContain("DATABASE_URL");
  });

  it.each([
    ["DATABASE_URL", "mysql://db/app", "SQLite `file:` URL or a `postgresql://` URL"],
    ["LIVECHAT_API_URL", "ftp://example.com", "http(s) URL"],
    ["TOKEN_ENCRYPTION_KEYS", "k1:c2hvcnQ=", "32-byte key"],
    ["TOKEN_ENCRYPTION_KEYS", `k1:${key},k1:${key}`, 'key id "k1" appears twice'],
    ["NEXTAUTH_SECRET", "short", "at least 32 characters"],
    ["WORKER_HEALTH_PORT", "70000", "WORKER_HEALTH_PORT"],
  ])("rejects a malformed %s with a message naming it", (name, value, fragment) => {
    const parse = name.startsWith("WORKER") ? workerEnv : webEnv;
    expect(() => parse({ ...valid, [name]: value })).toThrow(new RegExp(`${name}:.*`));
    expect(() => parse({ ...valid, [name]: value })).toThrow(fragment);
  });

  it("treats blank optional values as unset", () => {
    expect(webEnv({ ...valid, DATABASE_URL: "" }).DATABASE_URL).toBe("file:./data/app.db");
  });

  it("picks the database provider from the URL", () => {
    expect(databaseProvider("file:./data/app.db")).toBe("sqlite");
    expect(databaseProvider("postgresql://u@h/db")).toBe("postgresql");
    expect(databaseProvider("postgres://u@h/db")).toBe("postgresql");
  });
});
