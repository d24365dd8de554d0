// The web app's authentication settings, derived once from the validated configuration.
import { isProduction, webEnv, type EncryptionKey } from "../env";
import { accountsConfigFrom, type AccountsConfig } from "../livechat/accounts";
import { authCookies, shouldUseSecureCookies, type AuthCookies } from "./cookies";

export interface AuthConfig {
  /** NEXTAUTH_URL's origin: the only `Origin` a state-changing request may come from. */
  appOrigin: string;
  appUrl: string;
  secret: string;
  secureCookies: boolean;
  cookies: AuthCookies;
  accounts: AccountsConfig;
  keyring: readonly EncryptionKey[];
  /**
   * Sessions last a week from signing in, absolutely: using the dashboard or asking
   * `/api/auth/session` never extends them. A new sign-in then reuses the stored LiveChat credential.
   */
  sessionMaxAgeSeconds: number;
}

let cached: AuthConfig | undefined;

export function authConfig(): AuthConfig {
  if (cached) return cached;
  const env = webEnv();
  const secureCookies = shouldUseSecureCookies(env.NEXTAUTH_URL, isProduction());
  cached = {
    appOrigin: new URL(env.NEXTAUTH_URL).origin,
    appUrl: env.NEXTAUTH_URL,
    secret: env.NEXTAUTH_SECRET,
    secureCookies,
    cookies: authCookies(secureCookies),
    accounts: accountsConfigFrom(env),
    keyring: env.TOKEN_ENCRYPTION_KEYS,
    sessionMaxAgeSeconds: 7 * 24 * 60 * 60,
  };
  return cached;
}
