// Memberships: who belongs to which organization, with their LiveChat role. Every lookup is keyed
// by the organization id and the user id together.
import { parseRole, type Role } from "../validation/membership";
import type { DbClient } from "./db-client";

export interface MembershipContext {
  membershipId: string;
  role: Role;
  org: { id: string; name: string; livechatOrganizationId: string };
}

/** Activity is recorded at most this often per member, so reads do not turn into a write each. */
const ACTIVITY_RESOLUTION_MS = 5 * 60_000;

export async function upsertMembership(db: DbClient, input: { orgId: string; userId: string; role: Role; now: Date }) {
  return db.membership.upsert({
    where: { userId_orgId: { userId: input.userId, orgId: input.orgId } },
    create: { userId: input.userId, orgId: input.orgId, role: input.role, lastActiveAt: input.now },
    update: { role: input.role, lastActiveAt: input.now },
    select: { id: true },
  });
}

export async function getMembership(db: DbClient, input: { orgId: string; userId: string }): Promise<MembershipContext | null> {
  const row = await db.membership.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    select: { id: true, role: true, organization: { select: { id: true, name: true, livechatOrganizationId: true } } },
  });
  return row ? { membershipId: row.id, role: parseRole(row.role), org: row.organization } : null;
}

export async function touchMembership(db: DbClient, input: { orgId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  await db.membership.updateMany({
    where: { orgId: input.orgId, userId: input.userId, lastActiveAt: { lt: new Date(now.getTime() - ACTIVITY_RESOLUTION_MS) } },
    data: { lastActiveAt: now },
  });
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
