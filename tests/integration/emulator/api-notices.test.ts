// `Legacy` / `Deprecation` headers (livechat-api.md 10.2) on Configuration and Agent Web API
// answers, switched on by the control API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "./support/fixtures";
import { callApi, getAccounts } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

async function setNotices(body: unknown): Promise<number> {
  const response = await fetch(`${world.emulator.url}/_emulator/api-notices`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe("API notices", () => {
  it("puts Legacy and Deprecation on every Web and Configuration API answer, errors included", async () => {
    expect(await setNotices({ legacy: "Sat, 31 Oct 2026 00:00:00 GMT", deprecation: "@1790726400" })).toBe(200);
    const answers = [
      await callApi(world.emulator, "configuration", "list_bots", world.adminToken),
      await callApi(world.emulator, "configuration", "create_bot", world.adminToken, {}),
      await callApi(world.emulator, "agent", "list_chats", world.adminToken),
      await callApi(world.emulator, "agent", "make_coffee", null),
    ];
    for (const answer of answers) {
      expect(answer.headers.get("legacy")).toBe("Sat, 31 Oct 2026 00:00:00 GMT");
      expect(answer.headers.get("deprecation")).toBe("@1790726400");
    }
    // The accounts service is not a versioned API.
    expect((await getAccounts(world.emulator, "/v2/info", world.adminToken)).headers.get("legacy")).toBeNull();
    expect(world.emulator.apiNotices()).toEqual({ legacy: "Sat, 31 Oct 2026 00:00:00 GMT", deprecation: "@1790726400" });
  });

  it("sends only the notices set; an empty body or faults/clear turns them off", async () => {
    world.emulator.setApiNotices({ deprecation: "2026-03-31" });
    const deprecatedOnly = await callApi(world.emulator, "configuration", "list_bots", world.adminToken);
    expect(deprecatedOnly.headers.get("deprecation")).toBe("2026-03-31");
    expect(deprecatedOnly.headers.get("legacy")).toBeNull();
    expect(await setNotices({})).toBe(200);
    expect((await callApi(world.emulator, "configuration", "list_bots", world.adminToken)).headers.get("deprecation")).toBeNull();
    world.emulator.setApiNotices({ legacy: "2026-10-31" });
    await fetch(`${world.emulator.url}/_emulator/faults/clear`, { method: "POST" });
    expect((await callApi(world.emulator, "agent", "list_chats", world.adminToken)).headers.get("legacy")).toBeNull();
  });

  it("refuses values that are not a plain header value, and unknown names", async () => {
    expect(await setNotices({ legacy: "2026\r\nSet-Cookie: x=1" })).toBe(400);
    expect(await setNotices({ sunset: "2026-10-31" })).toBe(400);
    expect(world.emulator.apiNotices()).toEqual({});
  });
});
