// The WebhookInstallation row of this app's Client ID (livechat-api.md 7.1: webhooks are per Client
// ID): its secret, made once, and the registration state the Worker page shows.
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { isSealedWithOldKey, SecretDecryptionError } from "../crypto/secret-box";
import { generateWebhookSecret, openInstallationSecret, sealInstallationSecret } from "./installation-secret";
import { isUniqueViolation } from "./unique-violation";

export interface InstallationSecret {
  clientId: string;
  secret: string;
}

/**
 * The installation's secret, creating the row on first use. Two processes creating it at once
 * agree: the loser of the insert reads the winner's secret. A secret that no longer opens (its key
 * left the keyring) is replaced, which makes the next registration replace LiveChat's ones too.
 */
export async function ensureInstallation(db: Db, input: { clientId: string; keyring: readonly EncryptionKey[] }): Promise<InstallationSecret> {
  const { clientId, keyring } = input;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const row = await db.webhookInstallation.findUnique({ where: { clientId }, select: { secretKeyEnc: true } });
    if (!row) {
      const secret = generateWebhookSecret();
      try {
        await db.webhookInstallation.create({ data: { clientId, secretKeyEnc: sealInstallationSecret(clientId, secret, keyring) } });
        return { clientId, secret };
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    try {
      const secret = openInstallationSecret(clientId, row.secretKeyEnc, keyring);
      if (isSealedWithOldKey(row.secretKeyEnc, keyring)) {
        await db.webhookInstallation.updateMany({
          where: { clientId, secretKeyEnc: row.secretKeyEnc },
          data: { secretKeyEnc: sealInstallationSecret(clientId, secret, keyring) },
        });
      }
      return { clientId, secret };
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      const secret = generateWebhookSecret();
      const replaced = await db.webhookInstallation.updateMany({
        where: { clientId, secretKeyEnc: row.secretKeyEnc },
        data: { secretKeyEnc: sealInstallationSecret(clientId, secret, keyring), state: "not_registered" },
      });
      if (replaced.count === 1) return { clientId, secret };
    }
  }
  throw new Error("The webhook installation changed under us three times in a row");
}

/** The installation's secret for checking deliveries; null when there is none or it does not open. */
export async function readInstallationSecret(db: Db, input: { clientId: string; keyring: readonly EncryptionKey[] }): Promise<string | null> {
  const row = await db.webhookInstallation.findUnique({ where: { clientId: input.clientId }, select: { secretKeyEnc: true } });
  if (!row) return null;
  try {
    return openInstallationSecret(input.clientId, row.secretKeyEnc, input.keyring);
  } catch (error) {
    if (error instanceof SecretDecryptionError) return null;
    throw error;
  }
}
