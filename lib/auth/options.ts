// next-auth configuration: the `livechat` provider, a JWT session that holds only our user id and
// the active organization id, and the sign-in bookkeeping (DESIGN.md data flow 1).
import type { NextAuthOptions } from "next-auth";
import { getDb } from "../db";
import { recordSignIn } from "../data/sign-in";
import { findSessionIdentity } from "../data/users";
import { webEnv } from "../env";
import { revokeToken } from "../livechat/accounts";
import { parseScopes } from "../livechat/scopes";
import { createLogger } from "../log";
import { SignInTokensSchema } from "../validation/credential";
import { authConfig } from "./config";
import { livechatProvider, type LiveChatProfile } from "./livechat-provider";
import { roleFromAccount } from "./roles";
import { registerWebhooksAfterGrant } from "./webhooks-after-grant";
import { failureFromError, recordSignInFailure } from "./sign-in-failure";

const log = () => createLogger({ scope: "auth" }, { level: webEnv().LOG_LEVEL });

async function handleSignIn(account: unknown, profile: LiveChatProfile): Promise<boolean> {
  const config = authConfig();
  try {
    const tokens = SignInTokensSchema.parse(account);
    const role = roleFromAccount(profile.account);
    const result = await recordSignIn(getDb(), {
      account: profile.account,
      organization: profile.organization,
      role,
      keyring: config.keyring,
      tokens: {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: new Date(tokens.expires_at * 1000),
        scopes: parseScopes(tokens.scope),
        accountId: tokens.account_id,
        organizationId: tokens.organization_id,
      },
    });
    if (result.tokenToRevoke) {
      // Best effort: an unrevoked token only counts towards LiveChat's 25-token limit (1.6).
      await revokeToken(config.accounts, result.tokenToRevoke).catch((error: unknown) =>
        log().warn("Could not revoke a superseded LiveChat token", { error }),
      );
    }
    registerWebhooksAfterGrant({ orgId: result.orgId, userId: result.userId, role, scopes: parseScopes(tokens.scope) }, log());
    return true;
  } catch (error) {
    log().error("Sign-in could not be recorded", { error });
    recordSignInFailure(failureFromError(error));
    return false;
  }
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const config = authConfig();
  cached = {
    secret: config.secret,
    providers: [livechatProvider(config.accounts)],
    session: { strategy: "jwt", maxAge: config.sessionMaxAgeSeconds },
    useSecureCookies: config.secureCookies,
    cookies: config.cookies,
    pages: { signIn: "/signin", error: "/signin/error" },
    callbacks: {
      signIn: ({ account, profile }) => handleSignIn(account, profile as LiveChatProfile),
      async jwt({ token, account, user }) {
        if (account && user) {
          const organizationId = typeof account.organization_id === "string" ? account.organization_id : "";
          const identity = await findSessionIdentity(getDb(), { accountId: user.id, livechatOrganizationId: organizationId });
          if (!identity) throw new Error("The sign-in was not recorded");
          return { sub: identity.userId, orgId: identity.orgId };
        }
        // Only the two ids, whatever next-auth put in by default (name, e-mail, picture).
        return { sub: token.sub, orgId: typeof token.orgId === "string" ? token.orgId : null };
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub }, orgId: token.orgId ?? null } as typeof session;
      },
    },
    logger: {
      error: (code, metadata) => {
        const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        log().error("next-auth error", { code, error: error instanceof Error ? error : undefined });
      },
      warn: (code) => log().warn("next-auth warning", { code }),
      debug: () => undefined,
    },
  };
  return cached;
}
