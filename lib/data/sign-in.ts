// What a successful LiveChat sign-in records: the user, their organization, a membership with their
// LiveChat role, and their sealed credential (DESIGN.md data flow 1). The first owner or
// administrator whose credential can run bots becomes the organization's worker connection.
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import { canManage } from "../auth/roles";
import { hasBotManagementScopes } from "../livechat/scopes";
import type { LiveChatAccount, LiveChatOrganization } from "../validation/livechat-accounts";
import type { Role } from "../validation/membership";
import { storeSignInCredential, type IssuedTokens } from "./credentials";
import { upsertMembership } from "./memberships";
import { claimConnectionIfUnset, upsertOrganization } from "./organizations";
import { upsertUserFromAccount } from "./users";

export interface SignInInput {
  account: LiveChatAccount;
  organization: LiveChatOrganization;
  role: Role;
  tokens: IssuedTokens & { accountId: string; organizationId: string };
  keyring: readonly EncryptionKey[];
  now?: Date;
}

export interface SignInResult {
  userId: string;
  orgId: string;
  credentialId: string;
  /** A token to revoke once the transaction is committed (see storeSignInCredential). */
  tokenToRevoke: string | null;
}

export async function recordSignIn(db: Db, input: SignInInput): Promise<SignInResult> {
  const { tokens, account, organization } = input;
  // livechat-api.md 1.5: the token names its account and organization; the profile must agree.
  if (tokens.accountId !== account.account_id || tokens.organizationId !== organization.organization_id) {
    throw new AppError("livechat_error", "LiveChat returned a profile that does not belong to the signed-in token.");
  }
  const now = input.now ?? new Date();
  const issued: IssuedTokens = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    scopes: tokens.scopes,
  };
  return db.$transaction(async (tx) => {
    const user = await upsertUserFromAccount(tx, account);
    const org = await upsertOrganization(tx, organization);
    await upsertMembership(tx, { orgId: org.id, userId: user.id, role: input.role, now });
    const stored = await storeSignInCredential(tx, { orgId: org.id, userId: user.id, tokens: issued, keyring: input.keyring, now });
    if (canManage(input.role) && hasBotManagementScopes(stored.scopes)) {
      await claimConnectionIfUnset(tx, { orgId: org.id, credentialId: stored.credentialId });
    }
    return { userId: user.id, orgId: org.id, credentialId: stored.credentialId, tokenToRevoke: stored.tokenToRevoke };
  });
}
