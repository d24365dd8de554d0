// livechat-api.md 1.11, 7.1: the bot-management grant asks for `webhooks.configuration:rw`, but
// credentials granted before it keep their bot-management access.
import { describe, expect, it } from "vitest";
import {
  hasScopes,
  BOT_MANAGEMENT_SCOPE_PARAM,
  BOT_MANAGEMENT_SCOPES,
  hasBotManagementScopes,
  hasWebhookRegistrationScope,
  parseScopes,
  WEBHOOK_REGISTRATION_SCOPE,
} from "../../../lib/livechat/scopes";
import { DOCUMENTED_SCOPES } from "../../emulator/scopes";

describe("the webhook registration scope", () => {
  it("is asked in the bot-management grant, with a purpose people can read", () => {
    const entry = BOT_MANAGEMENT_SCOPES.find((candidate) => candidate.scope === WEBHOOK_REGISTRATION_SCOPE);
    expect(entry?.optional).toBe(true);
    expect(entry?.purpose.length).toBeGreaterThan(40);
    expect(DOCUMENTED_SCOPES[WEBHOOK_REGISTRATION_SCOPE]).toBe("administrator");
    expect(parseScopes(BOT_MANAGEMENT_SCOPE_PARAM)).toContain(WEBHOOK_REGISTRATION_SCOPE);
  });

  it("is not needed for bot-management access, so older credentials keep it", () => {
    const before = parseScopes(BOT_MANAGEMENT_SCOPE_PARAM).filter((scope) => scope !== WEBHOOK_REGISTRATION_SCOPE);
    expect(hasBotManagementScopes(before)).toBe(true);
    expect(hasWebhookRegistrationScope(before)).toBe(false);
    expect(hasWebhookRegistrationScope(parseScopes(BOT_MANAGEMENT_SCOPE_PARAM))).toBe(true);
  });

  it("does not make any other bot-management scope optional", () => {
    for (const { scope } of BOT_MANAGEMENT_SCOPES.filter((candidate) => !candidate.optional)) {
      const without = parseScopes(BOT_MANAGEMENT_SCOPE_PARAM).filter((candidate) => candidate !== scope);
      // `agents-bot--all:rw` covers `agents-bot--my:rw` (livechat-api.md 1.11): nothing to prove there.
      if (hasScopes(without, [scope])) continue;
      expect(hasBotManagementScopes(without), scope).toBe(false);
    }
  });
});
