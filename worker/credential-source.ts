// Where the worker gets an organization's agent access token (for RTM and the Web API reads):
// the stored credential of the organization's connection administrator, refreshed through the
// shared single-flight refresher (lib/data/fresh-access-token.ts). Behind a small interface so
// tests and the bench can hand in tokens directly.
import type { Db } from "../lib/db";
import { getFreshAccessToken, isNeedsReauthError } from "../lib/data/fresh-access-token";
import type { EncryptionKey } from "../lib/env";
import type { AccountsConfig } from "../lib/livechat/accounts";
import type { RequestMeter } from "../lib/livechat/request-meter";
import { TokenUnavailableError } from "./rtm-client";

export interface OrgAccessToken {
  token: string;
  expiresAt: Date;
}

export interface CredentialSource {
  /**
   * A token valid for at least `minValidityMs` (refreshed when it is not), or a newly refreshed
   * one with `forceRefresh` (after LiveChat said the current one expired or was revoked).
   * Throws TokenUnavailableError when only a person can help.
   */
  getAccessToken(orgId: string, options: { minValidityMs: number; forceRefresh?: boolean }): Promise<OrgAccessToken>;
}

export interface DbCredentialSourceOptions {
  db: Db;
  keyring: readonly EncryptionKey[];
  accounts: AccountsConfig;
  /** Counts the refreshes under the organization (livechat-api.md 10.1). */
  meterFor?(orgId: string): RequestMeter;
  now?: () => number;
}

export class DbCredentialSource implements CredentialSource {
  constructor(private readonly options: DbCredentialSourceOptions) {}

  async getAccessToken(orgId: string, { minValidityMs, forceRefresh = false }: { minValidityMs: number; forceRefresh?: boolean }): Promise<OrgAccessToken> {
    const { db, keyring, accounts, now } = this.options;
    const org = await db.organization.findUnique({ where: { id: orgId }, select: { connectionCredentialId: true } });
    if (!org?.connectionCredentialId) {
      throw new TokenUnavailableError("no_credential", "No administrator has connected this organization yet");
    }
    try {
      const fresh = await getFreshAccessToken(org.connectionCredentialId, {
        db,
        keyring,
        accounts: this.options.meterFor ? { ...accounts, meter: this.options.meterFor(orgId) } : accounts,
        // An infinite margin makes the refresher renew now, whatever the stored expiry says.
        refreshMarginMs: forceRefresh ? Number.POSITIVE_INFINITY : minValidityMs,
        ...(now ? { now } : {}),
      });
      return { token: fresh.accessToken, expiresAt: fresh.expiresAt };
    } catch (error) {
      if (isNeedsReauthError(error)) {
        throw new TokenUnavailableError("needs_reauth", "The administrator's LiveChat sign-in has to be renewed");
      }
      throw error;
    }
  }
}
