// Organizations and their worker connection: the administrator credential the worker uses for RTM
// and the Configuration API (DESIGN.md data flow 2).
import { AppError } from "../errors";
import { hasBotManagementScopes, parseScopes } from "../livechat/scopes";
import type { LiveChatOrganization } from "../validation/livechat-accounts";
import type { ConnectionStatus } from "../validation/organization";
import type { DbClient } from "./db-client";

export async function upsertOrganization(db: DbClient, organization: LiveChatOrganization) {
  const name = organization.name || "LiveChat organization";
  return db.organization.upsert({
    where: { livechatOrganizationId: organization.organization_id },
    create: { livechatOrganizationId: organization.organization_id, name },
    update: { name },
    select: { id: true, connectionCredentialId: true },
  });
}

/** The first credential able to run bots becomes the connection; an existing one is never replaced. */
export async function claimConnectionIfUnset(db: DbClient, input: { orgId: string; credentialId: string }) {
  const claimed = await db.organization.updateMany({
    where: { id: input.orgId, connectionCredentialId: null },
    data: { connectionCredentialId: input.credentialId, configVersion: { increment: 1 } },
  });
  return claimed.count === 1;
}

export async function getConnectionStatus(db: DbClient, input: { orgId: string }): Promise<ConnectionStatus> {
  const org = await db.organization.findFirst({
    where: { id: input.orgId },
    select: {
      connectionCredential: {
        select: { id: true, status: true, statusReason: true, scopes: true, user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  if (!org) throw new AppError("not_found", "Organization not found");
  const credential = org.connectionCredential;
  if (!credential) return { health: "missing", credentialId: null, holder: null, reason: null };
  const health =
    credential.status === "needs_reauth"
      ? "needs_reauth"
      : hasBotManagementScopes(parseScopes(credential.scopes))
        ? "healthy"
        : "missing_scopes";
  return {
    health,
    credentialId: credential.id,
    holder: { userId: credential.user.id, name: credential.user.name, email: credential.user.email },
    reason: credential.status === "needs_reauth" ? credential.statusReason : null,
  };
}

export interface TakeOverInput {
  orgId: string;
  userId: string;
  /** The credential the admin saw holding the connection; `null` when there was none. */
  expectedCredentialId: string | null;
}

/** Moves the connection to the acting admin's own credential (call inside a transaction). */
export async function takeOverConnection(db: DbClient, input: TakeOverInput): Promise<{ credentialId: string }> {
  const credential = await db.credential.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    select: { id: true, status: true, scopes: true },
  });
  if (!credential || credential.status !== "active" || !hasBotManagementScopes(parseScopes(credential.scopes))) {
    throw new AppError(
      "conflict",
      "Grant bot management access first: your own LiveChat authorization must include it before you can hold the connection.",
    );
  }
  if (credential.id === input.expectedCredentialId) return { credentialId: credential.id };
  if (input.expectedCredentialId !== null) {
    const expected = await db.credential.findFirst({ where: { id: input.expectedCredentialId, orgId: input.orgId }, select: { id: true } });
    if (!expected) throw new AppError("not_found", "That connection does not belong to this organization.");
  }
  const moved = await db.organization.updateMany({
    where: { id: input.orgId, connectionCredentialId: input.expectedCredentialId },
    // The worker watches configVersion; a new connection means logging in with another token.
    data: { connectionCredentialId: credential.id, configVersion: { increment: 1 } },
  });
  if (moved.count === 0) {
    throw new AppError("conflict", "Someone changed the connection in the meantime. Reload the Team page and try again.");
  }
  await db.auditLog.create({
    data: {
      orgId: input.orgId,
      actorUserId: input.userId,
      action: "connection.take_over",
      targetType: "organization",
      targetId: input.orgId,
      changes: JSON.stringify({ before: { credentialId: input.expectedCredentialId }, after: { credentialId: credential.id } }),
    },
  });
  return { credentialId: credential.id };
}
