// The installation's secret, kept briefly in memory as a digest, so checking a delivery costs
// neither a database read nor a decryption (livechat-api.md 7.2: answer quickly). Only the SHA-256
// digest is kept: the comparison is between digests anyway (verify-secret.ts). Entries belong to a
// database client, so processes (and tests) holding several databases never mix secrets.
import crypto from "node:crypto";

/** How long a digest is trusted before the row is read again. Defaults to 60,000 ms. */
export const SECRET_CACHE_TTL_MS = 60_000;

interface Entry {
  digest: Buffer;
  expiresAt: number;
}

let caches = new WeakMap<object, Map<string, Entry>>();

export function secretDigest(value: string): Buffer {
  return crypto.createHash("sha256").update(value, "utf8").digest();
}

export function rememberSecret(db: object, clientId: string, secret: string, now = Date.now()): void {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  cache.set(clientId, { digest: secretDigest(secret), expiresAt: now + SECRET_CACHE_TTL_MS });
}

export function cachedSecretDigest(db: object, clientId: string, now = Date.now()): Buffer | null {
  const cache = caches.get(db);
  const entry = cache?.get(clientId);
  if (!cache || !entry) return null;
  if (entry.expiresAt <= now) {
    cache.delete(clientId);
    return null;
  }
  return entry.digest;
}

/** Forgets every cached secret (tests). */
export function forgetSecrets(): void {
  caches = new WeakMap();
}
