// What a sign-in hands to recordSignIn, produced by the emulator over real HTTP: tokens as the code
// exchange issues them, and the profile from the Accounts API.
import crypto from "node:crypto";
import type { EncryptionKey } from "../../../lib/env";
import { getMyAccount, getMyOrganization, type AccountsConfig } from "../../../lib/livechat/accounts";
import { parseScopes } from "../../../lib/livechat/scopes";
import type { SignInInput } from "../../../lib/data/sign-in";
import { roleFromAccount } from "../../../lib/auth/roles";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Emulator } from "../../emulator";

export const keyring: EncryptionKey[] = [{ id: "k1", key: crypto.randomBytes(32) }];

export function accountsFor(emulator: Emulator): AccountsConfig {
  return { accountsUrl: emulator.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET };
}

export async function signInInput(
  emulator: Emulator,
  email: string,
  options: { scopes: string; ttlSec?: number; keyring?: EncryptionKey[] },
): Promise<SignInInput> {
  const tokens = emulator.issueTokensFor(email, DEMO_CLIENT_ID, { scopes: parseScopes(options.scopes), ttlSec: options.ttlSec });
  const accounts = accountsFor(emulator);
  const [account, organization] = await Promise.all([getMyAccount(accounts, tokens.access_token), getMyOrganization(accounts, tokens.access_token)]);
  return {
    account,
    organization,
    role: roleFromAccount(account),
    keyring: options.keyring ?? keyring,
    tokens: {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: new Date(Date.now() + tokens.expires_in * 1000),
      scopes: parseScopes(tokens.scope),
      accountId: tokens.account_id,
      organizationId: tokens.organization_id,
    },
  };
}
