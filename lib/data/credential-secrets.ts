// Sealing and opening a credential's LiveChat tokens. The associated data binds each value to its
// row and column (lib/crypto/secret-box.ts), so a token copied to another credential or swapped
// between the two columns fails to open.
import type { EncryptionKey } from "../env";
import { isSealedWithOldKey, openSecret, sealSecret } from "../crypto/secret-box";

export type CredentialSecretColumn = "accessTokenEnc" | "refreshTokenEnc";

export function credentialLocation(credentialId: string, column: CredentialSecretColumn) {
  return { table: "Credential", id: credentialId, column };
}

export interface PlainTokens {
  accessToken: string;
  refreshToken: string;
}

export interface SealedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string;
}

export function sealTokens(credentialId: string, tokens: PlainTokens, keyring: readonly EncryptionKey[]): SealedTokens {
  return {
    accessTokenEnc: sealSecret(tokens.accessToken, credentialLocation(credentialId, "accessTokenEnc"), keyring),
    refreshTokenEnc: sealSecret(tokens.refreshToken, credentialLocation(credentialId, "refreshTokenEnc"), keyring),
  };
}

export function openTokens(credentialId: string, sealed: SealedTokens, keyring: readonly EncryptionKey[]): PlainTokens {
  return {
    accessToken: openSecret(sealed.accessTokenEnc, credentialLocation(credentialId, "accessTokenEnc"), keyring),
    refreshToken: openSecret(sealed.refreshTokenEnc, credentialLocation(credentialId, "refreshTokenEnc"), keyring),
  };
}

export function needsReseal(sealed: SealedTokens, keyring: readonly EncryptionKey[]): boolean {
  return isSealedWithOldKey(sealed.accessTokenEnc, keyring) || isSealedWithOldKey(sealed.refreshTokenEnc, keyring);
}
