// Who may register the webhooks, and with which token: a manager of the organization whose own
// stored credential holds `webhooks.configuration:rw` (livechat-api.md 1.11, 7.1).
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import { canManage } from "../auth/roles";
import { getOwnCredentialStatus } from "../data/credentials";
import { getFreshAccessToken } from "../data/fresh-access-token";
import { getMembership } from "../data/memberships";
import type { AccountsConfig } from "../livechat/accounts";
import { hasWebhookRegistrationScope } from "../livechat/scopes";
import { MISSING_WEBHOOK_SCOPE, NO_OWN_CREDENTIAL, ONLY_MANAGERS } from "./registration-errors";

export async function registrationToken(
  db: Db,
  input: { orgId: string; userId: string; keyring: readonly EncryptionKey[]; accounts: AccountsConfig },
): Promise<string> {
  const scope = { orgId: input.orgId, userId: input.userId };
  const membership = await getMembership(db, scope);
  if (!membership || !canManage(membership.role)) throw new AppError("forbidden", ONLY_MANAGERS);
  const own = await getOwnCredentialStatus(db, scope);
  if (!own) throw new AppError("unauthorized", NO_OWN_CREDENTIAL, { reason: "needs_reauth" });
  if (!hasWebhookRegistrationScope(own.scopes)) {
    throw new AppError("forbidden", MISSING_WEBHOOK_SCOPE, { reason: "missing_bot_management_access" });
  }
  const token = await getFreshAccessToken(own.id, { db, keyring: input.keyring, accounts: input.accounts });
  return token.accessToken;
}
