// Tokens at rest: one altered byte anywhere, a value moved to another row or column, or a key
// missing from the keyring makes opening fail; rotating between two key ids keeps values readable.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSealedWithOldKey, openSecret, SecretDecryptionError } from "../../../lib/crypto/secret-box";
import { credentialLocation, needsReseal, openTokens, sealTokens } from "../../../lib/data/credential-secrets";
import type { EncryptionKey } from "../../../lib/env";

const k1: EncryptionKey = { id: "k1", key: crypto.randomBytes(32) };
const k2: EncryptionKey = { id: "k2", key: crypto.randomBytes(32) };
const tokens = { accessToken: "dal:Xk29QmLr0aTbV7sNcE4wYp", refreshToken: "rTq8Zf3LmNpV6xWc2KsD1hGa" };

function alterByte(sealed: string, part: number, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[index] = bytes[index]! ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("sealed credential tokens", () => {
  it("open to the original tokens, and never contain them", () => {
    const sealed = sealTokens("cred-1", tokens, [k1]);
    expect(sealed.accessTokenEnc).not.toContain(tokens.accessToken);
    expect(sealed.refreshTokenEnc).not.toContain(tokens.refreshToken);
    expect(openTokens("cred-1", sealed, [k1])).toEqual(tokens);
  });

  it("fail to open when any single byte of the nonce, the tag or the ciphertext changes", () => {
    const sealed = sealTokens("cred-1", tokens, [k1]).accessTokenEnc;
    const location = credentialLocation("cred-1", "accessTokenEnc");
    for (const part of [2, 3, 4]) {
      const length = Buffer.from(sealed.split(".")[part]!, "base64url").length;
      for (let index = 0; index < length; index += 1) {
        expect(() => openSecret(alterByte(sealed, part, index), location, [k1])).toThrow(SecretDecryptionError);
      }
    }
  });

  it("fail to open when moved to another credential or swapped between the two columns", () => {
    const sealed = sealTokens("cred-1", tokens, [k1]);
    expect(() => openTokens("cred-2", sealed, [k1])).toThrow(SecretDecryptionError);
    const swapped = { accessTokenEnc: sealed.refreshTokenEnc, refreshTokenEnc: sealed.accessTokenEnc };
    expect(() => openTokens("cred-1", swapped, [k1])).toThrow(SecretDecryptionError);
  });

  it("fail to open, naming the key, when the key id is not in the keyring", () => {
    const sealed = sealTokens("cred-1", tokens, [k1]);
    expect(() => openTokens("cred-1", sealed, [k2])).toThrow(/"k1" is not in TOKEN_ENCRYPTION_KEYS/);
  });

  it("stay readable across a rotation between two key ids, and are flagged for sealing again", () => {
    const old = sealTokens("cred-1", tokens, [k1]);
    const rotatedRing = [k2, k1];
    expect(openTokens("cred-1", old, rotatedRing)).toEqual(tokens);
    expect(needsReseal(old, rotatedRing)).toBe(true);
    const resealed = sealTokens("cred-1", openTokens("cred-1", old, rotatedRing), rotatedRing);
    expect(isSealedWithOldKey(resealed.accessTokenEnc, rotatedRing)).toBe(false);
    expect(openTokens("cred-1", resealed, [k2])).toEqual(tokens);
    expect(() => openTokens("cred-1", resealed, [k1])).toThrow(SecretDecryptionError);
  });
});
