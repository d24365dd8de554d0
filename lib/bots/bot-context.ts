// The bot service's context for one request: the signed-in user's own LiveChat authorization for
// this organization (LiveChat's permissions apply to what they do, DESIGN.md data flow 3), kept
// fresh, and whether the worker connection is up. Changing bots needs the bot-management scopes
// (lib/livechat/scopes.ts), which owners and administrators grant in a separate step. Every LiveChat
// request made with it, the token refresh included, is counted for the organization
// (livechat-api.md 10.1: each one is billed).
import type { OrgContext } from "../auth/org-context";
import { authConfig } from "../auth/config";
import { getOwnCredentialStatus } from "../data/credentials";
import { getFreshAccessToken } from "../data/fresh-access-token";
import { webRequestMeter } from "../data/web-request-meter";
import { webEnv } from "../env";
import { AppError } from "../errors";
import { hasBotManagementScopes } from "../livechat/scopes";
import type { BotServiceContext } from "./manage-bots";

export const MISSING_BOT_MANAGEMENT_ACCESS =
  "Your LiveChat authorization does not include bot management access yet. Use “Grant bot management access” on the Bots page, then try again.";
export const NO_OWN_CREDENTIAL =
  "Botdesk has no LiveChat authorization of yours for this organization. Sign in with LiveChat again to continue.";

export async function botServiceContext(org: OrgContext, access: "view" | "manage"): Promise<BotServiceContext> {
  const scope = { orgId: org.org.id, userId: org.user.id };
  const own = await getOwnCredentialStatus(org.db, scope);
  if (!own) throw new AppError("unauthorized", NO_OWN_CREDENTIAL, { reason: "needs_reauth" });
  if (access === "manage" && !hasBotManagementScopes(own.scopes)) {
    throw new AppError("forbidden", MISSING_BOT_MANAGEMENT_ACCESS, { reason: "missing_bot_management_access" });
  }
  const config = authConfig();
  const meter = webRequestMeter(org.org.id);
  const [token, connection] = await Promise.all([
    getFreshAccessToken(own.id, { db: org.db, keyring: config.keyring, accounts: { ...config.accounts, meter } }),
    org.db.orgConnection.findUnique({ where: { orgId: org.org.id }, select: { state: true } }),
  ]);
  const env = webEnv();
  return {
    db: org.db,
    orgId: org.org.id,
    actorUserId: org.user.id,
    api: { apiUrl: env.LIVECHAT_API_URL, token: token.accessToken, meter },
    clientId: env.LIVECHAT_CLIENT_ID,
    keyring: config.keyring,
    isConnectionReady: connection?.state === "ready",
  };
}
