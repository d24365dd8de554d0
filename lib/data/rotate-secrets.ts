// Key rotation: seals every secret that an older key sealed again with the current key
// (TOKEN_ENCRYPTION_KEYS lists the current key first). Old keys stay in the keyring until this has
// run; reads also re-seal lazily (fresh-access-token.ts), this sweeps the values nobody reads.
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { isSealedWithOldKey, openSecret, sealSecret, type SecretLocation } from "../crypto/secret-box";

export interface RotationReport {
  checked: number;
  resealed: number;
  /** Values that could not be opened (altered, or sealed with a key no longer in the keyring). */
  failed: SecretLocation[];
}

const BATCH = 200;

/** Re-seals one value; false when it could not be opened. Skips rows changed in the meantime. */
type Reseal = (location: SecretLocation, sealed: string) => Promise<boolean>;

function resealer(keyring: readonly EncryptionKey[], write: (location: SecretLocation, before: string, after: string) => Promise<void>): Reseal {
  return async (location, sealed) => {
    try {
      const plain = openSecret(sealed, location, keyring);
      await write(location, sealed, sealSecret(plain, location, keyring));
      return true;
    } catch {
      return false;
    }
  };
}

export async function rotateSealedSecrets(db: Db, keyring: readonly EncryptionKey[]): Promise<RotationReport> {
  const report: RotationReport = { checked: 0, resealed: 0, failed: [] };
  const visit = async (location: SecretLocation, sealed: string, reseal: Reseal) => {
    report.checked += 1;
    if (!isSealedWithOldKey(sealed, keyring)) return;
    if (await reseal(location, sealed)) report.resealed += 1;
    else report.failed.push(location);
  };

  const credentialReseal = resealer(keyring, async (location, before, after) => {
    await db.credential.updateMany({ where: { id: location.id, [location.column]: before }, data: { [location.column]: after } });
  });
  for (let cursor: string | undefined; ; ) {
    const rows = await db.credential.findMany({
      select: { id: true, accessTokenEnc: true, refreshTokenEnc: true },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const row of rows) {
      await visit({ table: "Credential", id: row.id, column: "accessTokenEnc" }, row.accessTokenEnc, credentialReseal);
      await visit({ table: "Credential", id: row.id, column: "refreshTokenEnc" }, row.refreshTokenEnc, credentialReseal);
    }
    if (rows.length < BATCH) break;
    cursor = rows.at(-1)?.id;
  }

  const botReseal = resealer(keyring, async (location, before, after) => {
    await db.bot.updateMany({ where: { id: location.id, secretEnc: before }, data: { secretEnc: after } });
  });
  for (let cursor: string | undefined; ; ) {
    const rows = await db.bot.findMany({
      where: { secretEnc: { not: null } },
      select: { id: true, secretEnc: true },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const row of rows) {
      if (row.secretEnc) await visit({ table: "Bot", id: row.id, column: "secretEnc" }, row.secretEnc, botReseal);
    }
    if (rows.length < BATCH) break;
    cursor = rows.at(-1)?.id;
  }

  // The webhook secret LiveChat echoes in every delivery (livechat-api.md 7.2): one row per Client ID.
  const installationReseal = resealer(keyring, async (location, before, after) => {
    await db.webhookInstallation.updateMany({ where: { clientId: location.id, secretKeyEnc: before }, data: { secretKeyEnc: after } });
  });
  for (const row of await db.webhookInstallation.findMany({ select: { clientId: true, secretKeyEnc: true } })) {
    await visit({ table: "WebhookInstallation", id: row.clientId, column: "secretKeyEnc" }, row.secretKeyEnc, installationReseal);
  }
  return report;
}
