// The organization check every guard shares: the signed-in user must be a member (otherwise the
// organization "does not exist" for them: 404), LiveChat must still accept them (lib/auth/
// access-check.ts: 401 once it does not), and changing things needs a managing role (403) and a
// LiveChat authorization that still works (401). Nothing here writes on the request's own path.
import { getDb, type Db } from "../db";
import { ACTIVITY_RESOLUTION_MS, getMembership, touchMembership, type MembershipContext } from "../data/memberships";
import { AppError } from "../errors";
import type { Role } from "../validation/membership";
import { confirmedRole } from "./access-check";
import { runAfterResponse } from "./after-response";
import type { Access } from "./guard-marker";
import { enforceApiLimit } from "./request-limits";
import { canManage } from "./roles";
import type { SessionLookup, SignedInUser } from "./session";
import { SESSION_END_MESSAGES } from "./session-end";

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
export const NEEDS_REAUTH_TO_CHANGE =
  "LiveChat no longer accepts your authorization for this organization, so Botdesk cannot make changes for you. Sign in with LiveChat again to continue.";

/** The session's user; a session that ended answers 401 saying why (`reason`: the SessionEnd). */
export function signedInUser(session: SessionLookup): SignedInUser {
  if (session.user) return session.user;
  if (session.ended) throw new AppError("unauthorized", SESSION_END_MESSAGES[session.ended], { reason: session.ended });
  throw new AppError("unauthorized", NOT_SIGNED_IN);
}

export interface LoadOptions {
  /** Count the request against the user's and the organization's rate limits, at this cost. */
  limitCost?: number;
}

export async function loadOrgContext(user: SignedInUser, orgId: string, access: Access, options: LoadOptions = {}): Promise<OrgContext> {
  if (options.limitCost) await enforceApiLimit("apiUser", user.id, options.limitCost);
  const db = getDb();
  const now = new Date();
  const membership = await getMembership(db, { orgId, userId: user.id });
  if (!membership) throw new AppError("not_found", NOT_A_MEMBER);
  const role = await confirmedRole(db, membership, now);
  if (options.limitCost) await enforceApiLimit("apiOrg", membership.org.id, options.limitCost);
  const isManager = canManage(role);
  if (access === "manage") {
    if (!isManager) throw new AppError("forbidden", READ_ONLY);
    if (membership.credential?.status === "needs_reauth") throw new AppError("unauthorized", NEEDS_REAUTH_TO_CHANGE, { reason: "needs_reauth" });
  }
  recordActivity(db, membership, now);
  return { user, org: membership.org, role, canManage: isManager, db };
}

/** At most every 5 minutes, after the response: a busy database never fails or slows a read. */
function recordActivity(db: Db, membership: MembershipContext, now: Date): void {
  if (now.getTime() - membership.lastActiveAt.getTime() < ACTIVITY_RESOLUTION_MS) return;
  runAfterResponse("Recording member activity", () => touchMembership(db, { membershipId: membership.membershipId, now }));
}
