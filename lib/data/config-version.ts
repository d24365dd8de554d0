// Saving a bot or a rule bumps the organization's configVersion; the worker watches it
// (PostgreSQL: LISTEN on CONFIG_CHANNEL, notified here; SQLite: polling the version).
import { providerOf, type Db } from "../db";

export const CONFIG_CHANNEL = "botdesk_config";

export async function notifyConfigChanged(db: Db, orgId: string): Promise<number> {
  const org = await db.organization.update({
    where: { id: orgId },
    data: { configVersion: { increment: 1 } },
    select: { configVersion: true },
  });
  if (providerOf(db) === "postgresql") {
    await db.$executeRawUnsafe("SELECT pg_notify($1, $2)", CONFIG_CHANNEL, JSON.stringify({ orgId, version: org.configVersion }));
  }
  return org.configVersion;
}
