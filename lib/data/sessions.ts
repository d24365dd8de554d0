// Server-side session records. The session cookie names one (`sid`); a session counts only while
// its record exists, is not revoked and has not reached its absolute end. Reading one never writes.
import crypto from "node:crypto";
import { z } from "zod";
import type { DbClient } from "./db-client";
import type { SessionUser } from "./users";

export const SessionRevocationReasonSchema = z.enum(["signed_out", "removed"]);
export type SessionRevocationReason = z.infer<typeof SessionRevocationReasonSchema>;

export type StoredSession =
  | { state: "active"; user: SessionUser; expiresAt: Date }
  | { state: "revoked"; reason: SessionRevocationReason }
  | { state: "expired" }
  | { state: "unknown" };

export async function createUserSession(db: DbClient, input: { userId: string; now: Date; maxAgeSeconds: number }) {
  // 256 random bits: the id is only ever compared, never guessed from anything.
  const id = crypto.randomBytes(32).toString("base64url");
  // Whole seconds, as the cookie's JWT carries its end (`exp`): both end at the same moment.
  const expiresAt = new Date(Math.floor(input.now.getTime() / 1000 + input.maxAgeSeconds) * 1000);
  await db.userSession.create({ data: { id, userId: input.userId, createdAt: input.now, expiresAt } });
  return { id, expiresAt };
}

/** The session `sid` names for `userId`, as it stands at `now`. */
export async function getUserSession(db: DbClient, input: { sessionId: string; userId: string; now: Date }): Promise<StoredSession> {
  const row = await db.userSession.findFirst({
    where: { id: input.sessionId, userId: input.userId },
    select: { expiresAt: true, revokedAt: true, revokedReason: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!row) return { state: "unknown" };
  if (row.revokedAt) return { state: "revoked", reason: SessionRevocationReasonSchema.catch("signed_out").parse(row.revokedReason) };
  if (row.expiresAt.getTime() <= input.now.getTime()) return { state: "expired" };
  return { state: "active", user: row.user, expiresAt: row.expiresAt };
}

export async function revokeUserSession(db: DbClient, input: { sessionId: string; reason: SessionRevocationReason; now: Date }) {
  await db.userSession.updateMany({
    where: { id: input.sessionId, revokedAt: null },
    data: { revokedAt: input.now, revokedReason: input.reason },
  });
}

/** Every session of a user: their cookies stop working in every browser. */
export async function revokeSessionsByUserId(db: DbClient, input: { userId: string; reason: SessionRevocationReason; now: Date }) {
  const revoked = await db.userSession.updateMany({
    where: { userId: input.userId, revokedAt: null },
    data: { revokedAt: input.now, revokedReason: input.reason },
  });
  return revoked.count;
}

/** A user's sessions that ended over a day ago (kept that long to explain why); run at sign-in. */
export async function deleteEndedSessions(db: DbClient, input: { userId: string; now: Date }) {
  const dayAgo = new Date(input.now.getTime() - 24 * 3600_000);
  await db.userSession.deleteMany({ where: { userId: input.userId, expiresAt: { lt: dayAgo } } });
}
