// `npm run keys:rotate`: after putting a new key first in TOKEN_ENCRYPTION_KEYS (and keeping the
// old ones after it), seals every stored LiveChat token and bot secret again with the new key.
// When it reports no failures, the old keys can be removed from TOKEN_ENCRYPTION_KEYS.
import { openDb } from "../lib/db";
import { EnvError, workerEnv } from "../lib/env";
import { rotateSealedSecrets } from "../lib/data/rotate-secrets";

async function main(): Promise<number> {
  const env = workerEnv();
  const { db } = openDb({ url: env.DATABASE_URL });
  try {
    const keyring = env.TOKEN_ENCRYPTION_KEYS;
    const report = await rotateSealedSecrets(db, keyring);
    console.log(`Current key: ${keyring[0]?.id}. Checked ${report.checked} secrets, sealed ${report.resealed} again.`);
    if (report.failed.length === 0) {
      console.log("Every secret now uses the current key; older keys can be removed from TOKEN_ENCRYPTION_KEYS.");
      return 0;
    }
    console.error(`${report.failed.length} secrets could not be opened with any key in TOKEN_ENCRYPTION_KEYS:`);
    for (const location of report.failed) console.error(`  - ${location.table} ${location.id} (${location.column})`);
    console.error("Keep the old keys until these are re-created (the owner signs in again, or the bot secret is reset).");
    return 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  },
);
