// getFreshAccessToken against the emulator over HTTP, on both databases: refresh ahead of expiry,
// one refresh however many callers (in one process or several), `invalid_grant` → re-authorization,
// transient failures, a crashed refresher's claim, and lazy re-sealing with a rotated key.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getFreshAccessToken, isNeedsReauthError, type TokenDeps } from "../../../lib/data/fresh-access-token";
import { openTokens } from "../../../lib/data/credential-secrets";
import { recordSignIn } from "../../../lib/data/sign-in";
import type { EncryptionKey } from "../../../lib/env";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "../../../lib/livechat/scopes";
import { buildDemoSeed, DEMO_ACCOUNTS, startEmulator, type Emulator } from "../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { accountsFor, keyring, signInInput } from "./support";

const OWNER = DEMO_ACCOUNTS.owner.email;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildDemoSeed() });
});

afterAll(async () => {
  await emulator?.close();
});

/** A separate Node process running tests/integration/auth/refresh-process.ts; resolves with its output. */
function runProcess(argument: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "refresh-process.ts"), argument], (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

const refreshes = () => emulator.requestLog({ action: "POST /v2/token" }).length;

async function tokenWorks(token: string): Promise<boolean> {
  return (await fetch(`${emulator.url}/v2/info`, { headers: { Authorization: `Bearer ${token}` } })).ok;
}

describe.each<TestProvider>(["sqlite", "postgresql"])("fresh access tokens on %s", (provider) => {
  let database: TestDatabase;
  let deps: TokenDeps;

  async function storedCredential(ttlSec: number, ring: EncryptionKey[] = keyring) {
    const input = await signInInput(emulator, OWNER, { scopes: BOT_MANAGEMENT_SCOPE_PARAM, ttlSec, keyring: ring });
    const result = await recordSignIn(database.db, input);
    emulator.clearLog();
    return { id: result.credentialId, ...input.tokens };
  }

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    deps = { db: database.db, keyring, accounts: accountsFor(emulator), pollIntervalMs: 20 };
  });

  afterEach(async () => {
    emulator.faults.clear();
    await database.drop();
  });

  it("uses the stored token while more than 15 minutes are left", async () => {
    const credential = await storedCredential(3600);
    const fresh = await getFreshAccessToken(credential.id, deps);
    expect(fresh.accessToken).toBe(credential.accessToken);
    expect(refreshes()).toBe(0);
  });

  it("refreshes a token within 15 minutes of expiry, before it expires, keeping the refresh token", async () => {
    const credential = await storedCredential(600);
    const fresh = await getFreshAccessToken(credential.id, deps);
    expect(fresh.accessToken).not.toBe(credential.accessToken);
    expect(refreshes()).toBe(1);
    expect(await tokenWorks(credential.accessToken)).toBe(true); // the old one had not expired yet
    expect(await tokenWorks(fresh.accessToken)).toBe(true);
    expect(fresh.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 3600_000);
    const row = await database.db.credential.findUniqueOrThrow({ where: { id: credential.id }, omit: { accessTokenEnc: false, refreshTokenEnc: false } });
    // livechat-api.md 1.6: no rotation for apps with a secret.
    expect(openTokens(row.id, row, keyring)).toEqual({ accessToken: fresh.accessToken, refreshToken: credential.refreshToken });
    expect(row.refreshLockedUntil).toBeNull();
    expect(row.refreshedAt).not.toBeNull();
  });

  it("refreshes once for many callers in one process", async () => {
    const credential = await storedCredential(600);
    const results = await Promise.all(Array.from({ length: 6 }, () => getFreshAccessToken(credential.id, deps)));
    expect(new Set(results.map((result) => result.accessToken)).size).toBe(1);
    expect(refreshes()).toBe(1);
  });

  it("refreshes once for callers in several processes, through the database claim", async () => {
    const credential = await storedCredential(600);
    const argument = JSON.stringify({
      url: database.url,
      credentialId: credential.id,
      keys: keyring.map((entry) => ({ id: entry.id, key: entry.key.toString("base64") })),
      accounts: accountsFor(emulator),
      startAt: Date.now() + 2500,
    });
    const outputs = await Promise.all([1, 2, 3].map(() => runProcess(argument)));
    const hashes = outputs.flatMap((output) => JSON.parse(output) as string[]);
    expect(hashes).toHaveLength(9);
    expect(new Set(hashes).size).toBe(1);
    expect(refreshes()).toBe(1);
  }, 60_000);

  it("marks the credential as needing re-authorization when LiveChat answers invalid_grant", async () => {
    const credential = await storedCredential(600);
    emulator.faults.revokeRefreshTokens({ refreshToken: credential.refreshToken });
    const failure = await getFreshAccessToken(credential.id, deps).catch((error: unknown) => error);
    expect(isNeedsReauthError(failure)).toBe(true);
    expect((failure as Error).message).toContain("Sign in with LiveChat again");
    const row = await database.db.credential.findUniqueOrThrow({ where: { id: credential.id } });
    expect(row).toMatchObject({ status: "needs_reauth", refreshLockedUntil: null });
    expect(row.statusReason).toMatch(/^invalid_grant: /);
    await expect(getFreshAccessToken(credential.id, deps)).rejects.toThrow(/LiveChat no longer accepts this sign-in/);
    expect(refreshes()).toBe(1); // no second attempt with a dead refresh token
  });

  it("keeps the still-valid token when LiveChat fails for a moment, and refreshes on the next call", async () => {
    const credential = await storedCredential(600);
    emulator.faults.serverErrors({ count: 1, surfaces: ["accounts"], actions: ["POST /v2/token"] });
    expect((await getFreshAccessToken(credential.id, deps)).accessToken).toBe(credential.accessToken);
    expect(await database.db.credential.findUniqueOrThrow({ where: { id: credential.id } })).toMatchObject({
      status: "active",
      refreshLockedUntil: null,
    });
    expect((await getFreshAccessToken(credential.id, deps)).accessToken).not.toBe(credential.accessToken);
    expect(refreshes()).toBe(2);
  });

  it("takes over the claim of a refresher that stopped halfway", async () => {
    const credential = await storedCredential(30);
    await database.db.credential.update({ where: { id: credential.id }, data: { refreshLockedUntil: new Date(Date.now() + 300) } });
    const started = Date.now();
    const fresh = await getFreshAccessToken(credential.id, deps);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(fresh.accessToken).not.toBe(credential.accessToken);
    expect(refreshes()).toBe(1);
  });

  it("seals the tokens again with the current key when an older key sealed them", async () => {
    const old: EncryptionKey = { id: "old", key: crypto.randomBytes(32) };
    const current: EncryptionKey = { id: "new", key: crypto.randomBytes(32) };
    const credential = await storedCredential(3600, [old]);
    const fresh = await getFreshAccessToken(credential.id, { ...deps, keyring: [current, old] });
    expect(fresh.accessToken).toBe(credential.accessToken);
    const row = await database.db.credential.findUniqueOrThrow({ where: { id: credential.id }, omit: { accessTokenEnc: false, refreshTokenEnc: false } });
    expect(row.accessTokenEnc.startsWith("v1.new.")).toBe(true);
    expect(row.refreshTokenEnc.startsWith("v1.new.")).toBe(true);
    expect(openTokens(row.id, row, [current])).toEqual({ accessToken: credential.accessToken, refreshToken: credential.refreshToken });
  });
});
