// The organization check every guard shares: the signed-in user must be a member (otherwise the
// organization "does not exist" for them: 404), and changing things needs a managing role (403).
import { getDb, type Db } from "../db";
import { getMembership, touchMembership } from "../data/memberships";
import { AppError } from "../errors";
import type { Role } from "../validation/membership";
import type { Access } from "./guard-marker";
import { canManage } from "./roles";
import type { SignedInUser } from "./session";

export interface OrgContext {
  user: SignedInUser;
  org: { id: string; name: string; livechatOrganizationId: string };
  role: Role;
  canManage: boolean;
  db: Db;
}

export const NOT_SIGNED_IN = "Your session has ended. Sign in with LiveChat to continue.";
export const NOT_A_MEMBER = "This organization does not exist, or you are not a member of it.";
export const READ_ONLY =
  "Only owners, vice owners and administrators can change this. Ask one of them if something needs to change.";

export async function loadOrgContext(user: SignedInUser | null, orgId: string, access: Access): Promise<OrgContext> {
  if (!user) throw new AppError("unauthorized", NOT_SIGNED_IN);
  const db = getDb();
  const membership = await getMembership(db, { orgId, userId: user.id });
  if (!membership) throw new AppError("not_found", NOT_A_MEMBER);
  const isManager = canManage(membership.role);
  if (access === "manage" && !isManager) throw new AppError("forbidden", READ_ONLY);
  await touchMembership(db, { orgId, userId: user.id });
  return { user, org: membership.org, role: membership.role, canManage: isManager, db };
}
