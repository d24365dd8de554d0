// The installation's secret_key: long and random, sealed at rest, bound to its row and column.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretDecryptionError } from "../../../lib/crypto/secret-box";
import { generateWebhookSecret, openInstallationSecret, sealInstallationSecret } from "../../../lib/webhooks/installation-secret";
import { cachedSecretDigest, forgetSecrets, rememberSecret, secretDigest, SECRET_CACHE_TTL_MS } from "../../../lib/webhooks/secret-cache";

const keyring = [{ id: "k1", key: crypto.randomBytes(32) }];

describe("the installation secret", () => {
  it("is at least 32 URL-safe characters and never the same twice", () => {
    const secrets = new Set(Array.from({ length: 100 }, generateWebhookSecret));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  });

  it("opens only for the installation it was sealed for", () => {
    const secret = generateWebhookSecret();
    const sealed = sealInstallationSecret("client-a", secret, keyring);
    expect(sealed).not.toContain(secret);
    expect(openInstallationSecret("client-a", sealed, keyring)).toBe(secret);
    expect(() => openInstallationSecret("client-b", sealed, keyring)).toThrow(SecretDecryptionError);
  });

  it("is cached as a digest for a minute at most, per database", () => {
    forgetSecrets();
    const db = {};
    rememberSecret(db, "client-a", "s3cret", 1_000);
    expect(cachedSecretDigest(db, "client-a", 1_000 + SECRET_CACHE_TTL_MS - 1)).toEqual(secretDigest("s3cret"));
    expect(cachedSecretDigest({}, "client-a", 1_000)).toBeNull();
    expect(cachedSecretDigest(db, "client-b", 1_000)).toBeNull();
    expect(cachedSecretDigest(db, "client-a", 1_000 + SECRET_CACHE_TTL_MS)).toBeNull();
  });
});
