// People who signed in with LiveChat. A user is global (one LiveChat account); what they may see
// is decided by their memberships, never by the user row alone.
import type { LiveChatAccount } from "../validation/livechat-accounts";
import type { DbClient } from "./db-client";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

export async function upsertUserFromAccount(db: DbClient, account: LiveChatAccount): Promise<SessionUser> {
  const fields = { email: account.email, name: account.name || account.email, avatarUrl: account.avatar_url ?? null };
  return db.user.upsert({
    where: { accountId: account.account_id },
    create: { accountId: account.account_id, ...fields },
    update: fields,
    select: { id: true, name: true, email: true },
  });
}

export async function getUserById(db: DbClient, userId: string): Promise<SessionUser | null> {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } });
}

/** Our user and organization ids for a LiveChat account signed in to a LiveChat organization. */
export async function findSessionIdentity(
  db: DbClient,
  input: { accountId: string; livechatOrganizationId: string },
): Promise<{ userId: string; orgId: string } | null> {
  const membership = await db.membership.findFirst({
    where: {
      user: { accountId: input.accountId },
      organization: { livechatOrganizationId: input.livechatOrganizationId },
    },
    select: { userId: true, orgId: true },
  });
  return membership;
}
