// The Team view: everyone of one organization who has signed in, their LiveChat role, when they
// were last active, and who holds the worker connection.
import { hasBotManagementScopes, parseScopes } from "../livechat/scopes";
import { parseRole } from "../validation/membership";
import type { Team } from "../validation/organization";
import type { DbClient } from "./db-client";
import { getConnectionStatus } from "./organizations";

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
