// next-auth's custom OAuth provider `livechat`: authorization code with PKCE S256 and `state`
// (livechat-api.md 1.2–1.5). The token exchange and the profile calls are ours, so that the body is
// form-encoded as LiveChat's OAuth page shows (1.5) and every failure keeps LiveChat's own words.
import type { OAuthConfig } from "next-auth/providers/oauth";
import { exchangeCode, getMyAccount, getMyOrganization, type AccountsConfig } from "../livechat/accounts";
import { SIGN_IN_SCOPE_PARAM } from "../livechat/scopes";
import type { LiveChatAccount, LiveChatOrganization } from "../validation/livechat-accounts";
import { failureFromError, recordSignInFailure } from "./sign-in-failure";

export interface LiveChatProfile {
  name: string;
  email: string;
  account: LiveChatAccount;
  organization: LiveChatOrganization;
  [key: string]: unknown;
}

async function recorded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    recordSignInFailure(failureFromError(error));
    throw error;
  }
}

export function livechatProvider(accounts: AccountsConfig): OAuthConfig<LiveChatProfile> {
  return {
    id: "livechat",
    name: "LiveChat",
    type: "oauth",
    clientId: accounts.clientId,
    clientSecret: accounts.clientSecret,
    // next-auth creates the S256 challenge and the state, and keeps both in signed cookies.
    checks: ["pkce", "state"],
    idToken: false,
    authorization: { url: `${accounts.accountsUrl}/`, params: { response_type: "code", scope: SIGN_IN_SCOPE_PARAM } },
    token: {
      url: `${accounts.accountsUrl}/v2/token`,
      async request({ params, checks, provider }) {
        // With a custom request next-auth leaves the state comparison to us.
        if (!checks.state || params.state !== checks.state) {
          recordSignInFailure({ reason: "state_mismatch" });
          throw new Error("The state returned by LiveChat does not match this browser's sign-in");
        }
        if (!checks.code_verifier || typeof params.code !== "string") {
          recordSignInFailure({ reason: "flow_expired" });
          throw new Error("The PKCE verifier or the authorization code is missing");
        }
        const answer = await recorded(() =>
          exchangeCode(accounts, { code: params.code as string, redirectUri: provider.callbackUrl, codeVerifier: checks.code_verifier! }),
        );
        return { tokens: { ...answer, token_type: "Bearer" } };
      },
    },
    userinfo: {
      url: `${accounts.accountsUrl}/v2/accounts/me`,
      async request({ tokens }) {
        const accessToken = tokens.access_token ?? "";
        const [account, organization] = await recorded(() =>
          Promise.all([getMyAccount(accounts, accessToken), getMyOrganization(accounts, accessToken)]),
        );
        return { name: account.name, email: account.email, account, organization };
      },
    },
    profile(profile) {
      return { id: profile.account.account_id, name: profile.account.name, email: profile.account.email, image: null };
    },
  };
}
