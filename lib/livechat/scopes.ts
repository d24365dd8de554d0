// The OAuth scopes Botdesk asks LiveChat for, in one place, with the reason shown to users.
//
// livechat-api.md 1.11: every scope has a role, and an authorization that asks a normal agent for an
// administrator scope fails with `invalid_scope` on LiveChat's own error page (1.3), never reaching
// our callback. So "Sign in with LiveChat" asks only for scopes every agent has, and owners,
// viceowners and administrators grant the bot-management scopes in a second, separate step.

export interface ScopeExplanation {
  scope: string;
  /** What Botdesk does with it, in the words the sign-in page shows. */
  purpose: string;
  /**
   * Asked for, but a credential without it still counts as having bot-management access: it came
   * later, and credentials granted before it must not lose the worker connection.
   */
  optional?: boolean;
}

/** Asked of everyone at sign-in: all of them are granted to normal agents (livechat-api.md 1.11). */
export const SIGN_IN_SCOPES: readonly ScopeExplanation[] = [
  { scope: "accounts--my:ro", purpose: "Read your name, e-mail address and organization, to sign you in." },
  {
    scope: "accounts.roles--all:ro",
    purpose: "Read your LiveChat role, so owners and administrators can edit and other agents can look.",
  },
  { scope: "agents--all:ro", purpose: "List the agents of your organization." },
  { scope: "agents-bot--all:ro", purpose: "List the bots of your organization and whether they accept chats." },
  { scope: "groups--all:ro", purpose: "List your groups, so bots can join them and rules can hand chats over." },
];

/** livechat-api.md 7.1: `register_webhook`, `list_webhooks` and `unregister_webhook` need it. */
export const WEBHOOK_REGISTRATION_SCOPE = "webhooks.configuration:rw";

/**
 * Asked only of owners, viceowners and administrators, in the "Grant bot management access" step.
 * The worker connection needs all but the optional ones; `customers:ro` and `multicast:rw` are
 * normal-role scopes that only the worker's real-time connection uses (livechat-api.md 4.4, RTM
 * `login`). The webhook scope lets the grant register the bot webhooks (7.1) that spare the worker
 * from listing chats, a billed request each (10.1).
 */
export const BOT_MANAGEMENT_SCOPES: readonly ScopeExplanation[] = [
  {
    scope: "agents-bot--my:rw",
    purpose: "Create, edit and delete the bots made with Botdesk, and switch them between accepting chats and offline.",
  },
  { scope: "agents-bot--all:rw", purpose: "Edit or delete bots of your organization that another app created." },
  { scope: "chats--all:ro", purpose: "Read the chats your bots take part in, to match your trigger rules." },
  {
    scope: "chats--all:rw",
    purpose: "Add your bots to chats and hand chats over to a group when a rule says so.",
  },
  { scope: "customers:ro", purpose: "Tell customers apart from agents in the chats your bots read." },
  { scope: "multicast:rw", purpose: "Keep the real-time connection your bots answer through." },
  {
    scope: WEBHOOK_REGISTRATION_SCOPE,
    purpose: "Have LiveChat tell Botdesk when your bots get a chat or a customer writes to them, so Botdesk need not keep asking (each request is billed).",
    optional: true,
  },
];

const names = (list: readonly ScopeExplanation[]) => list.map((entry) => entry.scope);

/** The `scope` parameter of the authorize URL (comma-separated, livechat-api.md 1.2). */
export const SIGN_IN_SCOPE_PARAM = names(SIGN_IN_SCOPES).join(",");
export const BOT_MANAGEMENT_SCOPE_PARAM = [...names(SIGN_IN_SCOPES), ...names(BOT_MANAGEMENT_SCOPES)].join(",");

/** The scope parameters the sign-in endpoint accepts; anything else is dropped. */
export const ALLOWED_SCOPE_PARAMS: readonly string[] = [SIGN_IN_SCOPE_PARAM, BOT_MANAGEMENT_SCOPE_PARAM];

/** LiveChat answers scopes comma-separated (1.5); next-auth joins arrays with spaces. Accept both. */
export function parseScopes(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((scope) => scope.trim())
    .filter(Boolean);
}

const LEVELS: Record<string, number> = { my: 1, access: 2, all: 3 };

/** livechat-api.md 1.11 general rules: `rw` includes `ro`, `all` includes `access` includes `my`. */
function scopeCovers(granted: string, required: string): boolean {
  if (granted === required) return true;
  const [grantedName = "", grantedPermission = ""] = granted.split(":");
  const [requiredName = "", requiredPermission = ""] = required.split(":");
  const [grantedResource, grantedLevel] = grantedName.split("--");
  const [requiredResource, requiredLevel] = requiredName.split("--");
  if (grantedResource !== requiredResource) return false;
  const levelOk = (LEVELS[grantedLevel ?? ""] ?? 0) >= (LEVELS[requiredLevel ?? ""] ?? 0);
  const permissionOk =
    grantedPermission === requiredPermission || (grantedPermission === "rw" && requiredPermission === "ro");
  return levelOk && permissionOk;
}

export function hasScopes(granted: readonly string[], required: readonly string[]): boolean {
  return required.every((scope) => granted.some((candidate) => scopeCovers(candidate, scope)));
}

const REQUIRED_BOT_MANAGEMENT_SCOPES = names(BOT_MANAGEMENT_SCOPES.filter((entry) => !entry.optional));

/** Whether a credential may become (or stay) the organization's worker connection (optional scopes aside). */
export function hasBotManagementScopes(granted: readonly string[]): boolean {
  return hasScopes(granted, REQUIRED_BOT_MANAGEMENT_SCOPES);
}

/** Whether a credential may register this app's webhooks (livechat-api.md 7.1). */
export function hasWebhookRegistrationScope(granted: readonly string[]): boolean {
  return hasScopes(granted, [WEBHOOK_REGISTRATION_SCOPE]);
}
