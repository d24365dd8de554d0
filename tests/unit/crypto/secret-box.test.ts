// AES-256-GCM tag length: Node accepts GCM tags of 4 to 16 bytes unless told the length, so a
// sealed value whose tag was cut to its first 4 bytes still opened, and a 4-byte tag can be found
// by trying 2^32 values. Only a full 16-byte tag opens.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, SecretDecryptionError, type SecretLocation } from "../../../lib/crypto/secret-box";
import type { EncryptionKey } from "../../../lib/env";

const keyring: EncryptionKey[] = [{ id: "k1", key: crypto.randomBytes(32) }];
const location: SecretLocation = { table: "Credential", id: "cred-1", column: "accessTokenEnc" };
const TAG_PART = 3;

function withTag(sealed: string, tag: (original: Buffer) => Buffer): string {
  const parts = sealed.split(".");
  parts[TAG_PART] = tag(Buffer.from(parts[TAG_PART]!, "base64url")).toString("base64url");
  return parts.join(".");
}

describe("secret box tag length", () => {
  const sealed = sealSecret("dal:Xk29QmLr0aTbV7sNcE4wYp", location, keyring);

  it("seals with a 16-byte tag and opens it", () => {
    expect(Buffer.from(sealed.split(".")[TAG_PART]!, "base64url")).toHaveLength(16);
    expect(openSecret(sealed, location, keyring)).toBe("dal:Xk29QmLr0aTbV7sNcE4wYp");
  });

  it("refuses the value with its genuine tag cut to 4 bytes", () => {
    const truncated = withTag(sealed, (tag) => tag.subarray(0, 4));
    expect(() => openSecret(truncated, location, keyring)).toThrow(SecretDecryptionError);
    expect(() => openSecret(truncated, location, keyring)).toThrow(/4-byte tag, not 16/);
  });

  it("refuses every tag shorter or longer than 16 bytes, even a prefix of the genuine one", () => {
    for (let length = 0; length < 16; length += 1) {
      expect(() => openSecret(withTag(sealed, (tag) => tag.subarray(0, length)), location, keyring), `${length} bytes`).toThrow(
        SecretDecryptionError,
      );
    }
    const longer = withTag(sealed, (tag) => Buffer.concat([tag, Buffer.from([0])]));
    expect(() => openSecret(longer, location, keyring)).toThrow(SecretDecryptionError);
  });
});
