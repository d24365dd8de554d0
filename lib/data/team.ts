// The Team view: everyone of one organization who has signed in, their LiveChat role, when they
// were last active, and who holds the worker connection; and removing a member.
import { z } from "zod";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import { hasBotManagementScopes, parseScopes } from "../livechat/scopes";
import { parseRole } from "../validation/membership";
import { OrgIdSchema, type Team } from "../validation/organization";
import { openTokens } from "./credential-secrets";
import type { DbClient } from "./db-client";
import { getConnectionStatus } from "./organizations";
import { revokeSessionsByUserId } from "./sessions";

export async function getTeamByOrgId(db: DbClient, input: { orgId: string }): Promise<Team> {
  const connection = await getConnectionStatus(db, input);
  const rows = await db.membership.findMany({
    where: { orgId: input.orgId },
    select: {
      role: true,
      lastActiveAt: true,
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          // The credential of this organization only: a user's other organizations stay out of view.
          credentials: { where: { orgId: input.orgId }, select: { id: true, status: true, scopes: true } },
        },
      },
    },
    orderBy: [{ lastActiveAt: "desc" }],
  });
  const members = rows.map((row) => {
    const credential = row.user.credentials[0];
    return {
      userId: row.user.id,
      name: row.user.name,
      email: row.user.email,
      role: parseRole(row.role),
      lastActiveAt: row.lastActiveAt.toISOString(),
      credential: credential
        ? {
            id: credential.id,
            status: credential.status === "needs_reauth" ? ("needs_reauth" as const) : ("active" as const),
            hasBotManagementAccess: hasBotManagementScopes(parseScopes(credential.scopes)),
          }
        : null,
      holdsConnection: credential !== undefined && credential.id === connection.credentialId,
    };
  });
  return { members, connection };
}

/**
 * Removing a member: the action's input. It lives here until lib/validation/organization.ts takes
 * it (that file belongs to another change).
 */
export const RemoveMemberInputSchema = z.object({ orgId: OrgIdSchema, userId: z.string().trim().min(1).max(64) });
export type RemoveMemberInput = z.infer<typeof RemoveMemberInputSchema>;

export const CANNOT_REMOVE_YOURSELF = "You cannot remove yourself. Another owner can, or you can sign out.";
export const ONLY_OWNERS_REMOVE = "Only owners can remove members.";

export interface RemovedMember {
  name: string;
  /** Their credential was the worker connection, which is now unset. */
  heldConnection: boolean;
  /** Sessions that stopped working (every browser they were signed in with). */
  revokedSessions: number;
  /** The stored refresh token, for the caller to revoke at LiveChat once this is committed. */
  tokenToRevoke: string | null;
}

/**
 * Removes a member from one organization (call inside a transaction): their membership, their stored
 * LiveChat credential (and with it the worker connection if it was theirs), and every session of
 * theirs. Someone still in the LiveChat organization can sign in again; this ends what they have now.
 */
export async function removeMember(
  db: DbClient,
  input: { orgId: string; actorUserId: string; userId: string; keyring: readonly EncryptionKey[]; now: Date },
): Promise<RemovedMember> {
  if (input.userId === input.actorUserId) throw new AppError("forbidden", CANNOT_REMOVE_YOURSELF);
  const member = await db.membership.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    select: { id: true, role: true, user: { select: { name: true, email: true } } },
  });
  if (!member) throw new AppError("not_found", "This person is not a member of this organization.");
  const connection = await getConnectionStatus(db, { orgId: input.orgId });
  const credential = await db.credential.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    select: { id: true, accessTokenEnc: true, refreshTokenEnc: true },
  });
  const heldConnection = credential !== null && credential.id === connection.credentialId;
  if (heldConnection) {
    // The worker watches configVersion: it stops using the removed member's authorization.
    await db.organization.updateMany({ where: { id: input.orgId }, data: { connectionCredentialId: null, configVersion: { increment: 1 } } });
  }
  if (credential) await db.credential.deleteMany({ where: { id: credential.id, orgId: input.orgId } });
  await db.membership.deleteMany({ where: { id: member.id, orgId: input.orgId } });
  const revokedSessions = await revokeSessionsByUserId(db, { userId: input.userId, reason: "removed", now: input.now });
  await db.auditLog.create({
    data: {
      orgId: input.orgId,
      actorUserId: input.actorUserId,
      action: "member.remove",
      targetType: "member",
      targetId: input.userId,
      targetName: member.user.name,
      changes: JSON.stringify({ before: { email: member.user.email, role: member.role, heldConnection }, after: null }),
    },
  });
  return { name: member.user.name, heldConnection, revokedSessions, tokenToRevoke: credential ? refreshTokenOf(credential, input.keyring) : null };
}

function refreshTokenOf(credential: { id: string; accessTokenEnc: string; refreshTokenEnc: string }, keyring: readonly EncryptionKey[]) {
  try {
    return openTokens(credential.id, credential, keyring).refreshToken;
  } catch {
    return null; // unreadable: nothing we could revoke
  }
}
