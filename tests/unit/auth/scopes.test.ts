// The scope sets of livechat-api.md 1.11: sign-in asks only what every agent may grant; bot
// management carries what the worker connection needs.
import { describe, expect, it } from "vitest";
import {
  ALLOWED_SCOPE_PARAMS,
  BOT_MANAGEMENT_SCOPE_PARAM,
  BOT_MANAGEMENT_SCOPES,
  hasBotManagementScopes,
  hasScopes,
  parseScopes,
  SIGN_IN_SCOPE_PARAM,
  SIGN_IN_SCOPES,
} from "../../../lib/livechat/scopes";
import { DOCUMENTED_SCOPES } from "../../emulator/scopes";

describe("scope sets", () => {
  it("ask at sign-in only for documented scopes a normal agent may grant", () => {
    for (const { scope, purpose } of SIGN_IN_SCOPES) {
      expect(DOCUMENTED_SCOPES[scope], scope).toBeDefined();
      expect(DOCUMENTED_SCOPES[scope], scope).not.toBe("administrator");
      expect(purpose.length).toBeGreaterThan(20);
    }
  });

  it("ask owners and administrators for what bots and the worker need", () => {
    const names = BOT_MANAGEMENT_SCOPES.map((entry) => entry.scope);
    expect(names).toEqual(expect.arrayContaining(["agents-bot--my:rw", "chats--all:rw", "chats--all:ro", "customers:ro", "multicast:rw"]));
    for (const scope of names) expect(DOCUMENTED_SCOPES[scope], scope).toBeDefined();
    expect(BOT_MANAGEMENT_SCOPE_PARAM.startsWith(`${SIGN_IN_SCOPE_PARAM},`)).toBe(true);
    expect(ALLOWED_SCOPE_PARAMS).toEqual([SIGN_IN_SCOPE_PARAM, BOT_MANAGEMENT_SCOPE_PARAM]);
  });

  it("parse LiveChat's comma-separated and next-auth's space-separated lists", () => {
    expect(parseScopes("a:ro, b:rw,c:ro")).toEqual(["a:ro", "b:rw", "c:ro"]);
    expect(parseScopes("a:ro b:rw")).toEqual(["a:ro", "b:rw"]);
    expect(parseScopes(null)).toEqual([]);
  });

  it("follow the implication rules: rw includes ro, all includes access includes my", () => {
    expect(hasScopes(["chats--all:rw"], ["chats--all:ro", "chats--access:ro", "chats--my:rw"])).toBe(true);
    expect(hasScopes(["chats--my:rw"], ["chats--all:ro"])).toBe(false);
    expect(hasScopes(["chats--all:ro"], ["chats--all:rw"])).toBe(false);
    expect(hasScopes(["customers:rw"], ["customers:ro"])).toBe(true);
    expect(hasScopes(["agents--all:ro"], ["agents-bot--all:ro"])).toBe(false);
  });

  it("recognise a credential that can hold the worker connection", () => {
    expect(hasBotManagementScopes(parseScopes(BOT_MANAGEMENT_SCOPE_PARAM))).toBe(true);
    expect(hasBotManagementScopes(parseScopes(SIGN_IN_SCOPE_PARAM))).toBe(false);
    const withoutOne = parseScopes(BOT_MANAGEMENT_SCOPE_PARAM).filter((scope) => scope !== "multicast:rw");
    expect(hasBotManagementScopes(withoutOne)).toBe(false);
  });
});
