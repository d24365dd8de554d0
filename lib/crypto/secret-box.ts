// Secrets at rest (LiveChat tokens, bot secrets): AES-256-GCM with keys from the
// TOKEN_ENCRYPTION_KEYS keyring. Each value records the id of the key that sealed it, and the
// associated data binds it to one column of one row, so a value copied elsewhere fails to open.
//
// Format: `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts).
import crypto from "node:crypto";
import type { EncryptionKey } from "../env";

export interface SecretLocation {
  /** e.g. "Credential" */
  table: string;
  /** the row's primary key */
  id: string;
  /** e.g. "accessTokenEnc" */
  column: string;
}

export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

const VERSION = "v1";
/**
 * GCM tags are 16 bytes. Without `authTagLength` Node accepts any tag of 4 to 16 bytes, and a
 * 4-byte tag can be forged by trying 2^32 values: decipher with the full length, refuse the rest.
 */
const AUTH_TAG_BYTES = 16;

function associatedData(location: SecretLocation): Buffer {
  return Buffer.from(`${VERSION}|${location.table}|${location.id}|${location.column}`, "utf8");
}

/** Seals `plaintext` with the current (first) key of the keyring. */
export function sealSecret(plaintext: string, location: SecretLocation, keyring: readonly EncryptionKey[]): string {
  const current = keyring[0];
  if (!current) throw new Error("The encryption keyring is empty");
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: AUTH_TAG_BYTES });
  cipher.setAAD(associatedData(location));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
  return [VERSION, current.id, ...parts].join(".");
}

/** Opens a sealed value; throws SecretDecryptionError when it was altered, moved or its key is gone. */
export function openSecret(sealed: string, location: SecretLocation, keyring: readonly EncryptionKey[]): string {
  const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretDecryptionError("Not a sealed secret");
  }
  const key = keyring.find((candidate) => candidate.id === keyId);
  if (!key) throw new SecretDecryptionError(`Encryption key "${keyId}" is not in TOKEN_ENCRYPTION_KEYS`);
  const authTag = Buffer.from(tag, "base64url");
  if (authTag.length !== AUTH_TAG_BYTES) {
    throw new SecretDecryptionError(`Secret in ${location.table}.${location.column} has a ${authTag.length}-byte tag, not ${AUTH_TAG_BYTES}`);
  }
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"), { authTagLength: AUTH_TAG_BYTES });
    decipher.setAAD(associatedData(location));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError(`Secret in ${location.table}.${location.column} failed its integrity check`);
  }
}

/** Whether a sealed value was made with an older key and should be sealed again. */
export function isSealedWithOldKey(sealed: string, keyring: readonly EncryptionKey[]): boolean {
  return sealed.split(".")[1] !== keyring[0]?.id;
}
