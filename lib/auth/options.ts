// next-auth configuration: the `livechat` provider, a JWT session that holds only our user id, the
// active organization id and its server-side record's id, and the sign-in bookkeeping (DESIGN.md
// data flow 1). The JWT's end is absolute (next-auth would re-encode it for 30 days, its default).
import type { NextAuthOptions } from "next-auth";
import { encode, type JWTEncodeParams } from "next-auth/jwt";
import { getDb } from "../db";
import { createUserSession, deleteEndedSessions, revokeUserSession } from "../data/sessions";
import { recordSignIn } from "../data/sign-in";
import { findSessionIdentity } from "../data/users";
import { webEnv } from "../env";
import { revokeToken } from "../livechat/accounts";
import { parseScopes } from "../livechat/scopes";
import { createLogger } from "../log";
import { SignInTokensSchema } from "../validation/credential";
import { safeRedirectUrl } from "./callback-url";
import { authConfig } from "./config";
import { livechatProvider, type LiveChatProfile } from "./livechat-provider";
import { roleFromAccount } from "./roles";
import { registerWebhooksAfterGrant } from "./webhooks-after-grant";
import { failureFromError, recordSignInFailure } from "./sign-in-failure";
import { SessionClaimsSchema } from "./session";

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

/** A new server-side session for a finished sign-in; its end goes into the JWT as `exp`. */
async function startSession(userId: string, orgId: string) {
  const config = authConfig();
  const now = new Date();
  const db = getDb();
  await deleteEndedSessions(db, { userId, now });
  const session = await createUserSession(db, { userId, now, maxAgeSeconds: config.sessionMaxAgeSeconds });
  return { sub: userId, orgId, sid: session.id, exp: Math.floor(session.expiresAt.getTime() / 1000) };
}

/** next-auth re-encodes the token on every `/api/auth/*` visit: keep the `exp` it already has. */
function encodeAbsolute(params: JWTEncodeParams): Promise<string> {
  const exp = params.token?.exp;
  const maxAge = typeof exp === "number" ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : params.maxAge;
  return encode({ ...params, maxAge });
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const config = authConfig();
  cached = {
    secret: config.secret,
    providers: [livechatProvider(config.accounts)],
    session: { strategy: "jwt", maxAge: config.sessionMaxAgeSeconds },
    // Without its own maxAge the JWT would last next-auth's default 30 days, longer than the cookie.
    jwt: { maxAge: config.sessionMaxAgeSeconds, encode: encodeAbsolute },
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
          return startSession(identity.userId, identity.orgId);
        }
        // Only our claims, whatever next-auth put in by default (name, e-mail, picture).
        const claims = SessionClaimsSchema.safeParse(token);
        if (!claims.success) throw new Error("Not a Botdesk session");
        return claims.data;
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub }, orgId: token.orgId ?? null } as typeof session;
      },
      redirect: ({ url, baseUrl }) => safeRedirectUrl(url, baseUrl),
    },
    events: {
      // After next-auth checked the CSRF token of the sign-out: the cookie's session ends everywhere.
      async signOut({ token }) {
        const claims = SessionClaimsSchema.safeParse(token);
        if (claims.success) await revokeUserSession(getDb(), { sessionId: claims.data.sid, reason: "signed_out", now: new Date() });
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
