// Rotating TOKEN_ENCRYPTION_KEYS with two key ids, on both databases: `npm run keys:rotate` seals
// every stored token and bot secret again with the new key, values stay readable throughout, and
// anything no key can open is reported instead of being lost.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sealSecret, openSecret } from "../../../lib/crypto/secret-box";
import { openTokens, sealTokens } from "../../../lib/data/credential-secrets";
import { rotateSealedSecrets } from "../../../lib/data/rotate-secrets";
import type { EncryptionKey } from "../../../lib/env";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";

const k1: EncryptionKey = { id: "k1", key: crypto.randomBytes(32) };
const k2: EncryptionKey = { id: "k2", key: crypto.randomBytes(32) };
const gone: EncryptionKey = { id: "gone", key: crypto.randomBytes(32) };
const ring = (...keys: EncryptionKey[]) => keys.map((key) => `${key.id}:${key.key.toString("base64")}`).join(",");
const ROOT = path.resolve(import.meta.dirname, "../../..");

function runRotateScript(databaseUrl: string, keys: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts/rotate-keys.ts")],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: databaseUrl, TOKEN_ENCRYPTION_KEYS: keys, LIVECHAT_CLIENT_ID: "client", LIVECHAT_CLIENT_SECRET: "secret" },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each<TestProvider>(["sqlite", "postgresql"])("rotating encryption keys on %s", (provider) => {
  let database: TestDatabase;
  let orgId: string;

  async function credentialSealedWith(key: EncryptionKey, tag: string) {
    const user = await database.db.user.create({ data: { accountId: tag, email: `${tag}@example.test`, name: tag } });
    const id = `${tag}-credential`;
    const tokens = { accessToken: `dal:${tag}-access-token`, refreshToken: `${tag}-refresh-token` };
    await database.db.credential.create({
      data: { id, userId: user.id, orgId, ...sealTokens(id, tokens, [key]), accessTokenExpiresAt: new Date(), scopes: "" },
    });
    return { id, tokens };
  }

  async function sealedCredential(id: string) {
    return database.db.credential.findUniqueOrThrow({ where: { id }, omit: { accessTokenEnc: false, refreshTokenEnc: false } });
  }

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    orgId = (await database.db.organization.create({ data: { livechatOrganizationId: "org", name: "Org" } })).id;
  });

  afterEach(async () => {
    await database.drop();
  });

  it("seals every token, bot secret and the webhook secret again with the new key, and reads them throughout", async () => {
    const first = await credentialSealedWith(k1, "first");
    const second = await credentialSealedWith(k1, "second");
    const bot = await database.db.bot.create({ data: { orgId, livechatBotId: "bot", name: "Bot" } });
    const botLocation = { table: "Bot", id: bot.id, column: "secretEnc" };
    await database.db.bot.update({ where: { id: bot.id }, data: { secretEnc: sealSecret("bot-secret-value", botLocation, [k1]) } });
    const webhookLocation = { table: "WebhookInstallation", id: "client", column: "secretKeyEnc" };
    await database.db.webhookInstallation.create({ data: { clientId: "client", secretKeyEnc: sealSecret("webhook-secret-value", webhookLocation, [k1]) } });

    // Before the sweep, the new keyring (new key first, old key kept) still reads everything.
    expect(openTokens(first.id, await sealedCredential(first.id), [k2, k1])).toEqual(first.tokens);
    const report = await rotateSealedSecrets(database.db, [k2, k1]);
    expect(report).toEqual({ checked: 6, resealed: 6, failed: [] });

    for (const { id, tokens } of [first, second]) {
      const row = await sealedCredential(id);
      expect(row.accessTokenEnc.startsWith("v1.k2.")).toBe(true);
      expect(openTokens(id, row, [k2])).toEqual(tokens);
    }
    const sealedBot = await database.db.bot.findUniqueOrThrow({ where: { id: bot.id }, omit: { secretEnc: false } });
    expect(openSecret(sealedBot.secretEnc!, botLocation, [k2])).toBe("bot-secret-value");
    const installation = await database.db.webhookInstallation.findUniqueOrThrow({ where: { clientId: "client" } });
    expect(openSecret(installation.secretKeyEnc, webhookLocation, [k2])).toBe("webhook-secret-value");
    expect(await rotateSealedSecrets(database.db, [k2, k1])).toEqual({ checked: 6, resealed: 0, failed: [] });
  });

  it("reports what no key can open and rotates the rest", async () => {
    const lost = await credentialSealedWith(gone, "lost");
    const kept = await credentialSealedWith(k1, "kept");
    const report = await rotateSealedSecrets(database.db, [k2, k1]);
    expect(report.resealed).toBe(2);
    expect(report.failed).toEqual([
      { table: "Credential", id: lost.id, column: "accessTokenEnc" },
      { table: "Credential", id: lost.id, column: "refreshTokenEnc" },
    ]);
    expect(openTokens(kept.id, await sealedCredential(kept.id), [k2])).toEqual(kept.tokens);
  });

  it("runs as `npm run keys:rotate`, and fails loudly while something cannot be opened", async () => {
    const credential = await credentialSealedWith(k1, "script");
    const success = await runRotateScript(database.url, ring(k2, k1));
    expect(success).toMatchObject({ code: 0 });
    expect(success.stdout).toContain("Checked 2 secrets, sealed 2 again.");
    expect(success.stdout).toContain("older keys can be removed");
    expect(openTokens(credential.id, await sealedCredential(credential.id), [k2])).toEqual(credential.tokens);

    await credentialSealedWith(gone, "unreadable");
    const failure = await runRotateScript(database.url, ring(k2, k1));
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("2 secrets could not be opened");
    expect(failure.stderr).toContain("unreadable-credential (accessTokenEnc)");
  }, 60_000);
});
