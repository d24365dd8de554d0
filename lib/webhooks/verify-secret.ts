// livechat-api.md 7.2: a delivery proves itself only by echoing the `secret_key` we registered (no
// signature exists). The comparison runs in constant time on equal-length digests, so neither the
// key's length nor a matching prefix shows in the answer time.
import crypto from "node:crypto";
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { readInstallationSecret } from "./installation";
import { cachedSecretDigest, rememberSecret, secretDigest } from "./secret-cache";

export async function installationSecretDigest(db: Db, input: { clientId: string; keyring: readonly EncryptionKey[] }): Promise<Buffer | null> {
  const cached = cachedSecretDigest(db, input.clientId);
  if (cached) return cached;
  const secret = await readInstallationSecret(db, input);
  if (secret === null) return null;
  rememberSecret(db, input.clientId, secret);
  return secretDigest(secret);
}

export function isSameSecret(given: string, expectedDigest: Buffer): boolean {
  return crypto.timingSafeEqual(secretDigest(given), expectedDigest);
}
