// The `secret_key` LiveChat echoes in every delivery (livechat-api.md 7.2): made once per
// installation, sealed at rest like the bot secret, bound to its row and column so a copy elsewhere
// fails to open (lib/crypto/secret-box.ts).
import crypto from "node:crypto";
import type { EncryptionKey } from "../env";
import { openSecret, sealSecret, type SecretLocation } from "../crypto/secret-box";

export const installationSecretLocation = (clientId: string): SecretLocation => ({
  table: "WebhookInstallation",
  id: clientId,
  column: "secretKeyEnc",
});

/** 32 random bytes, 43 URL-safe characters: far beyond guessing, and safe in any JSON. */
export function generateWebhookSecret(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function sealInstallationSecret(clientId: string, secret: string, keyring: readonly EncryptionKey[]): string {
  return sealSecret(secret, installationSecretLocation(clientId), keyring);
}

export function openInstallationSecret(clientId: string, sealed: string, keyring: readonly EncryptionKey[]): string {
  return openSecret(sealed, installationSecretLocation(clientId), keyring);
}
