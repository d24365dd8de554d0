// For which organizations a registered webhook fires (livechat-api.md 7.1).
import type { EmulatorState } from "./state";
import type { TokenStore } from "./tokens";
import type { WebhookRegistration } from "./webhook-registry";

/**
 * `bot` webhooks: the docs' "status dependency" — register the webhook, then set the bot's routing
 * status (7.1). A bot webhook fires for an organization only while at least one bot of its Client
 * ID in that organization is not `offline` (the status after the change that caused the event).
 */
export function hasActiveBotOf(state: EmulatorState, organizationId: string, clientId: string): boolean {
  return state.botsOf(organizationId).some((bot) => bot.ownerClientId === clientId && bot.routingStatus !== "offline");
}

/**
 * `license` webhooks are "enabled automatically on every license that installs the app" (7.1).
 * The emulator has no installation step: an organization has installed the app while one of its
 * accounts holds a token of that client (a refresh token, or an access token that has not expired).
 * `enable_license_webhooks` / `disable_license_webhooks` are not emulated: license webhooks stay
 * enabled.
 */
export function hasInstalled(tokens: TokenStore, nowMs: number, organizationId: string, clientId: string): boolean {
  for (const refresh of tokens.refreshTokens.values()) {
    if (refresh.organizationId === organizationId && refresh.clientId === clientId) return true;
  }
  for (const access of tokens.accessTokens.values()) {
    if (access.organizationId === organizationId && access.clientId === clientId && access.expiresAtMs > nowMs) return true;
  }
  return false;
}

export function webhookApplies(state: EmulatorState, tokens: TokenStore, nowMs: number, registration: WebhookRegistration, organizationId: string): boolean {
  if (registration.type === "bot") return hasActiveBotOf(state, organizationId, registration.ownerClientId);
  return hasInstalled(tokens, nowMs, organizationId, registration.ownerClientId);
}
