// The organization's agent access token (livechat-api.md 4.3): fetched before each login,
// refreshed ahead of its expiry and handed to the live session with `update_session`.
import type { Logger } from "../lib/log";
import type { CredentialSource, OrgAccessToken } from "./credential-source";
import { TokenUnavailableError, type RtmClient } from "./rtm-client";

export interface AccessTokenKeeperDeps {
  orgId: string;
  credentials: CredentialSource;
  /** livechat-api.md 4.3: refresh at least this long before the token expires. */
  refreshMarginMs: number;
  log: Logger;
  /** Renewed recently enough to act: a worker resumed after a pause must not log in again. */
  isLeaseValid(): boolean;
  onToken(token: OrgAccessToken): void;
  /** Only a person can help (e.g. `invalid_grant`). */
  onUnavailable(error: TokenUnavailableError): void;
}

/** A failed refresh is tried again after this long. */
const RETRY_MS = 5_000;

export class AccessTokenKeeper {
  private token: (OrgAccessToken & { obtainedAt: number }) | null = null;
  /** The token the live RTM session runs on (its login's, or the last `update_session`'s). */
  private sessionToken: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: AccessTokenKeeperDeps) {}

  /** The token to call with: the one we hold, or a fetched one. */
  async current(): Promise<string> {
    return this.token?.token ?? this.fetch(false);
  }

  /** A token to log in with: the session runs on it from now on. */
  async forLogin(forceRefresh: boolean): Promise<string> {
    this.sessionToken = await this.fetch(forceRefresh);
    return this.sessionToken;
  }

  async fetch(forceRefresh: boolean): Promise<string> {
    if (!this.deps.isLeaseValid()) throw new TokenUnavailableError("lease_lost", "The lease was not renewed in time");
    const token = await this.deps.credentials.getAccessToken(this.deps.orgId, { minValidityMs: this.deps.refreshMarginMs, forceRefresh });
    this.token = { ...token, obtainedAt: Date.now() };
    this.deps.onToken(token);
    return token.token;
  }

  /**
   * After a login: renew 15 min (the margin) before expiry; a token that lives shorter than the
   * margin altogether (it was just refreshed) at half-life instead of at once.
   */
  schedule(client: RtmClient): void {
    this.cancel();
    const token = this.token;
    if (!token || this.stopped) return;
    this.sessionToken ??= token.token;
    const remainingAtFetch = token.expiresAt.getTime() - token.obtainedAt;
    const margin = this.deps.refreshMarginMs;
    const lead = remainingAtFetch >= margin ? margin : remainingAtFetch / 2;
    const delay = Math.max(1_000, token.expiresAt.getTime() - lead - Date.now());
    this.timer = setTimeout(() => void this.refresh(client), delay);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private async refresh(client: RtmClient): Promise<void> {
    if (client.status !== "ready" || this.stopped) return;
    try {
      // Due now: the refresher renews it, unless another process already did and the stored token is
      // fresh. Compared with the session's token: a Web API call may have renewed ours meanwhile.
      const token = await this.fetch(false);
      if (token !== this.sessionToken) {
        await client.updateSession(token);
        this.sessionToken = token;
        this.deps.log.info("session token updated", { expiresAt: this.token?.expiresAt.toISOString() });
      }
      this.schedule(client);
    } catch (error) {
      if (error instanceof TokenUnavailableError) {
        this.deps.onUnavailable(error);
        return;
      }
      this.deps.log.warn("token refresh failed, retrying", { error });
      if (!this.stopped) this.timer = setTimeout(() => void this.refresh(client), RETRY_MS);
    }
  }
}
