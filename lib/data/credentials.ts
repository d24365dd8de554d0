// Users' LiveChat credentials: one per user and organization, tokens sealed at rest.
import crypto from "node:crypto";
import type { EncryptionKey } from "../env";
import { hasScopes, parseScopes } from "../livechat/scopes";
import { openTokens, sealTokens, type PlainTokens } from "./credential-secrets";
import type { DbClient } from "./db-client";

export interface IssuedTokens extends PlainTokens {
  expiresAt: Date;
  scopes: string[];
}

export interface StoredCredential {
  credentialId: string;
  scopes: string[];
  /** A token Botdesk no longer needs and should revoke (livechat-api.md 1.6: at most 25 per user). */
  tokenToRevoke: string | null;
}

/**
 * livechat-api.md 1.6: every code exchange mints another refresh token, and the 26th silently
 * revokes the oldest — possibly the one the worker relies on. So a working credential that already
 * covers the new scopes is kept and the fresh pair is handed back for revocation; otherwise the new
 * pair replaces the old one, which is then revoked instead.
 */
export async function storeSignInCredential(
  db: DbClient,
  input: { orgId: string; userId: string; tokens: IssuedTokens; keyring: readonly EncryptionKey[]; now: Date },
): Promise<StoredCredential> {
  const existing = await db.credential.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    // An explicit select overrides the client's default omission of the sealed columns.
    select: { id: true, status: true, scopes: true, refreshTokenEnc: true, accessTokenEnc: true },
  });
  const existingScopes = parseScopes(existing?.scopes);
  const previous = existing ? tryOpen(existing, input.keyring) : null;
  if (existing && previous && existing.status === "active" && hasScopes(existingScopes, input.tokens.scopes)) {
    return { credentialId: existing.id, scopes: existingScopes, tokenToRevoke: input.tokens.accessToken };
  }
  const id = existing?.id ?? crypto.randomUUID();
  const fields = {
    ...sealTokens(id, input.tokens, input.keyring),
    accessTokenExpiresAt: input.tokens.expiresAt,
    scopes: input.tokens.scopes.join(","),
    status: "active",
    statusReason: null,
    refreshedAt: input.now,
    refreshLockedUntil: null,
  };
  if (existing) {
    await db.credential.updateMany({ where: { id, orgId: input.orgId }, data: fields });
  } else {
    await db.credential.create({ data: { id, orgId: input.orgId, userId: input.userId, ...fields } });
  }
  return { credentialId: id, scopes: input.tokens.scopes, tokenToRevoke: previous?.refreshToken ?? null };
}

/** Unreadable (altered, or its key retired from the keyring): treated as no usable credential. */
function tryOpen(existing: { id: string; accessTokenEnc: string; refreshTokenEnc: string }, keyring: readonly EncryptionKey[]) {
  try {
    return openTokens(existing.id, existing, keyring);
  } catch {
    return null;
  }
}

export interface OwnCredentialStatus {
  id: string;
  status: "active" | "needs_reauth";
  reason: string | null;
  scopes: string[];
}

export async function getOwnCredentialStatus(
  db: DbClient,
  input: { orgId: string; userId: string },
): Promise<OwnCredentialStatus | null> {
  const row = await db.credential.findFirst({
    where: { orgId: input.orgId, userId: input.userId },
    select: { id: true, status: true, statusReason: true, scopes: true },
  });
  if (!row) return null;
  const status = row.status === "needs_reauth" ? "needs_reauth" : "active";
  return { id: row.id, status, reason: row.statusReason, scopes: parseScopes(row.scopes) };
}

/**
 * LiveChat refused the stored access token before its recorded expiry (revoked, or expired early):
 * record it as expired, so the next use refreshes it — which also tells whether the refresh token
 * still works (livechat-api.md 1.6, 1.9).
 */
export async function markAccessTokenExpired(db: DbClient, input: { orgId: string; credentialId: string; now: Date }) {
  await db.credential.updateMany({
    where: { id: input.credentialId, orgId: input.orgId, accessTokenExpiresAt: { gt: input.now } },
    data: { accessTokenExpiresAt: input.now },
  });
}

/** LiveChat no longer accepts the credential: only a new sign-in restores it. */
export async function markCredentialNeedsReauth(db: DbClient, input: { orgId: string; credentialId: string; reason: string }) {
  await db.credential.updateMany({
    where: { id: input.credentialId, orgId: input.orgId },
    data: { status: "needs_reauth", statusReason: input.reason.slice(0, 500), refreshLockedUntil: null },
  });
}
