// Memberships: who belongs to which organization, with their LiveChat role. Every lookup is keyed
// by the organization id and the user id together. Reading a membership never writes: activity and
// LiveChat's confirmation are recorded by the separate, rarer writes below.
import { parseRole, type Role } from "../validation/membership";
import type { DbClient } from "./db-client";

export interface MembershipContext {
  membershipId: string;
  role: Role;
  org: { id: string; name: string; livechatOrganizationId: string };
  /** The member's LiveChat account, to compare with what LiveChat says about the token. */
  accountId: string;
  lastActiveAt: Date;
  /** When LiveChat last confirmed the member's authorization and role. */
  accessCheckedAt: Date;
  /** When a check found LiveChat no longer accepts them (null: it has not). */
  accessEndedAt: Date | null;
  /** The member's own stored LiveChat credential for this organization. */
  credential: { id: string; status: "active" | "needs_reauth"; statusReason: string | null } | null;
}

/** Activity is recorded at most this often per member, so reads do not turn into a write each. */
export const ACTIVITY_RESOLUTION_MS = 5 * 60_000;

export async function upsertMembership(db: DbClient, input: { orgId: string; userId: string; role: Role; now: Date }) {
  // A sign-in has just heard the role from LiveChat: that counts as a check, and reopens access.
  const fields = { role: input.role, lastActiveAt: input.now, accessCheckedAt: input.now, accessEndedAt: null };
  return db.membership.upsert({
    where: { userId_orgId: { userId: input.userId, orgId: input.orgId } },
    create: { userId: input.userId, orgId: input.orgId, ...fields },
    update: fields,
    select: { id: true },
  });
}

export async function getMembership(db: DbClient, input: { orgId: string; userId: string }): Promise<MembershipContext | null> {
  const row = await db.membership.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    select: {
      id: true,
      role: true,
      lastActiveAt: true,
      accessCheckedAt: true,
      accessEndedAt: true,
      organization: { select: { id: true, name: true, livechatOrganizationId: true } },
      user: {
        select: {
          accountId: true,
          credentials: { where: { orgId: input.orgId }, select: { id: true, status: true, statusReason: true } },
        },
      },
    },
  });
  if (!row) return null;
  const credential = row.user.credentials[0];
  return {
    membershipId: row.id,
    role: parseRole(row.role),
    org: row.organization,
    accountId: row.user.accountId,
    lastActiveAt: row.lastActiveAt,
    accessCheckedAt: row.accessCheckedAt,
    accessEndedAt: row.accessEndedAt,
    credential: credential
      ? { id: credential.id, status: credential.status === "needs_reauth" ? "needs_reauth" : "active", statusReason: credential.statusReason }
      : null,
  };
}

/** Records activity unless another request of the member did within the last 5 minutes. */
export async function touchMembership(db: DbClient, input: { membershipId: string; now: Date }) {
  await db.membership.updateMany({
    where: { id: input.membershipId, lastActiveAt: { lt: new Date(input.now.getTime() - ACTIVITY_RESOLUTION_MS) } },
    data: { lastActiveAt: input.now },
  });
}

/**
 * Claims the LiveChat check of a member: only the caller that still sees the check time it read
 * wins, so one check runs however many requests or instances notice at once.
 */
export async function claimAccessCheck(db: DbClient, input: { membershipId: string; seenCheckedAt: Date; now: Date }): Promise<boolean> {
  const claimed = await db.membership.updateMany({
    where: { id: input.membershipId, accessCheckedAt: input.seenCheckedAt },
    data: { accessCheckedAt: input.now, lastActiveAt: input.now },
  });
  return claimed.count === 1;
}

/** What LiveChat said: the member's current role (and when it said so). */
export async function recordAccessCheck(db: DbClient, input: { membershipId: string; role: Role; checkedAt: Date }) {
  await db.membership.updateMany({ where: { id: input.membershipId }, data: { role: input.role, accessCheckedAt: input.checkedAt } });
}

/** LiveChat no longer accepts the member's authorization: the organization closes to them. */
export async function endAccess(db: DbClient, input: { membershipId: string; now: Date }) {
  await db.membership.updateMany({ where: { id: input.membershipId, accessEndedAt: null }, data: { accessEndedAt: input.now } });
}

export interface UserOrganization {
  id: string;
  name: string;
  role: Role;
}

/** The organizations a user can switch between, by name. */
export async function listOrganizationsByUserId(db: DbClient, userId: string): Promise<UserOrganization[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, organization: { select: { id: true, name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return rows.map((row) => ({ id: row.organization.id, name: row.organization.name, role: parseRole(row.role) }));
}
