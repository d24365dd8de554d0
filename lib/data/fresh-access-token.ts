// A usable LiveChat access token for a stored credential, refreshed ahead of its expiry
// (livechat-api.md 1.5: 8 h lifetime; 9.5: refresh before it runs out).
//
// Single flight on two levels: callers in one process share one promise per credential, and
// processes (web instances, workers) claim the refresh through `refreshLockedUntil` in the
// database, so one refresh happens however many ask at once. A caller that loses the claim waits
// for the winner and takes its result.
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import { refreshAccessToken, type AccountsConfig } from "../livechat/accounts";
import { LiveChatError } from "../livechat/errors";
import { parseScopes } from "../livechat/scopes";
import { needsReseal, openTokens, sealTokens, type PlainTokens } from "./credential-secrets";

export const REFRESH_MARGIN_MS = 15 * 60_000;

export interface TokenDeps {
  db: Db;
  keyring: readonly EncryptionKey[];
  accounts: AccountsConfig;
  refreshMarginMs?: number;
  /** How long a refresh claim holds before another process may take over (a crashed refresher). */
  lockTtlMs?: number;
  pollIntervalMs?: number;
  now?: () => number;
}

export interface FreshToken {
  credentialId: string;
  accessToken: string;
  expiresAt: Date;
  scopes: string[];
}

export function needsReauthError(credentialId: string, reason: string | null): AppError {
  const said = reason ? ` LiveChat said: “${reason}”.` : "";
  return new AppError(
    "livechat_error",
    `LiveChat no longer accepts this sign-in.${said} Sign in with LiveChat again to reconnect.`,
    { reason: "needs_reauth", credentialId },
  );
}

export function isNeedsReauthError(error: unknown): boolean {
  return error instanceof AppError && error.details?.reason === "needs_reauth";
}

/** One refresher per process; tests create more to stand in for several processes. */
export function createTokenRefresher() {
  const inflight = new Map<string, Promise<FreshToken>>();
  return function getFreshAccessToken(credentialId: string, deps: TokenDeps): Promise<FreshToken> {
    const running = inflight.get(credentialId);
    if (running) return running;
    const promise = obtain(credentialId, deps).finally(() => inflight.delete(credentialId));
    inflight.set(credentialId, promise);
    return promise;
  };
}

export const getFreshAccessToken = createTokenRefresher();

async function obtain(credentialId: string, deps: TokenDeps): Promise<FreshToken> {
  const now = deps.now ?? Date.now;
  const lockTtlMs = deps.lockTtlMs ?? 30_000;
  const giveUpAt = now() + lockTtlMs * 2;
  let seenRefreshAt: number | undefined;
  for (;;) {
    const row = await readCredential(deps.db, credentialId);
    if (row.status === "needs_reauth") throw needsReauthError(credentialId, row.statusReason);
    const tokens = await openAndReseal(deps, row);
    const current = { credentialId, accessToken: tokens.accessToken, expiresAt: row.accessTokenExpiresAt, scopes: parseScopes(row.scopes) };
    const refreshedAt = row.refreshedAt?.getTime() ?? 0;
    // Another process refreshed while this one waited: its result is as fresh as it gets.
    if (seenRefreshAt !== undefined && refreshedAt !== seenRefreshAt) return current;
    seenRefreshAt = refreshedAt;
    if (row.accessTokenExpiresAt.getTime() - now() > (deps.refreshMarginMs ?? REFRESH_MARGIN_MS)) return current;
    if (await claimRefresh(deps.db, row, now(), lockTtlMs)) return refreshClaimed(deps, row, tokens, current);
    if (now() > giveUpAt) throw new AppError("unavailable", "Renewing the LiveChat sign-in is taking too long. Try again in a minute.");
    await new Promise((resolve) => setTimeout(resolve, deps.pollIntervalMs ?? 200));
  }
}

type CredentialRow = Awaited<ReturnType<typeof readCredential>>;

async function readCredential(db: Db, credentialId: string) {
  const row = await db.credential.findUnique({
    where: { id: credentialId },
    select: {
      id: true,
      status: true,
      statusReason: true,
      scopes: true,
      refreshedAt: true,
      accessTokenExpiresAt: true,
      accessTokenEnc: true,
      refreshTokenEnc: true,
    },
  });
  if (!row) throw new AppError("not_found", "Credential not found");
  return row;
}

/** Lazy key rotation: a value sealed with an older key is sealed again with the current one. */
async function openAndReseal(deps: TokenDeps, row: CredentialRow): Promise<PlainTokens> {
  const tokens = openTokens(row.id, row, deps.keyring);
  if (needsReseal(row, deps.keyring)) {
    const resealed = sealTokens(row.id, tokens, deps.keyring);
    const written = await deps.db.credential.updateMany({
      // Only if nobody changed the values meanwhile (a refresh would already use the new key).
      where: { id: row.id, accessTokenEnc: row.accessTokenEnc, refreshTokenEnc: row.refreshTokenEnc },
      data: resealed,
    });
    if (written.count === 1) Object.assign(row, resealed);
  }
  return tokens;
}

/**
 * Claims the refresh of the token this caller read. Naming that token in the condition matters: a
 * process that read the row before another one refreshed it must not refresh a second time.
 */
async function claimRefresh(db: Db, row: CredentialRow, nowMs: number, lockTtlMs: number): Promise<boolean> {
  const claimed = await db.credential.updateMany({
    where: {
      id: row.id,
      status: "active",
      accessTokenEnc: row.accessTokenEnc,
      OR: [{ refreshLockedUntil: null }, { refreshLockedUntil: { lt: new Date(nowMs) } }],
    },
    data: { refreshLockedUntil: new Date(nowMs + lockTtlMs) },
  });
  return claimed.count === 1;
}

async function refreshClaimed(deps: TokenDeps, row: CredentialRow, tokens: PlainTokens, current: FreshToken): Promise<FreshToken> {
  const now = deps.now ?? Date.now;
  const db = deps.db;
  try {
    const answer = await refreshAccessToken(deps.accounts, tokens.refreshToken);
    // livechat-api.md 1.6: secret-holding apps keep their refresh token; store a new one if sent.
    const next = { accessToken: answer.access_token, refreshToken: answer.refresh_token ?? tokens.refreshToken };
    const expiresAt = new Date(now() + answer.expires_in * 1000);
    const scopes = answer.scope ? parseScopes(answer.scope) : current.scopes;
    await db.credential.update({
      where: { id: row.id },
      data: { ...sealTokens(row.id, next, deps.keyring), accessTokenExpiresAt: expiresAt, scopes: scopes.join(","), refreshedAt: new Date(now()), refreshLockedUntil: null },
    });
    return { credentialId: row.id, accessToken: next.accessToken, expiresAt, scopes };
  } catch (error) {
    // livechat-api.md 1.6, 1.9: `invalid_grant` — the refresh token was revoked or expired; only a
    // new sign-in helps. Anything else (network, 5xx) leaves the credential as it was.
    if (error instanceof LiveChatError && error.type === "invalid_grant") {
      const reason = `${error.type}: ${error.message}`;
      await db.credential.update({ where: { id: row.id }, data: { status: "needs_reauth", statusReason: reason, refreshLockedUntil: null } });
      throw needsReauthError(row.id, reason);
    }
    await db.credential.update({ where: { id: row.id }, data: { refreshLockedUntil: null } });
    if (current.expiresAt.getTime() > now()) return current;
    const said = error instanceof Error ? error.message : String(error);
    throw new AppError("livechat_error", `LiveChat could not renew the sign-in (${said}). Try again in a minute.`);
  }
}
