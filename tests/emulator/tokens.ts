// Access tokens, refresh tokens, authorization codes and bot tokens, with the lifetimes and
// limits of livechat-api.md 1.3–1.8 and 2.6.
import { createHmac } from "node:crypto";
import type { Clock } from "./clock";
import { newHexId, newOpaqueSecret } from "./ids";
import type { AccessToken, Agent, AuthCode, Bot, BotToken, RefreshToken } from "./model";
import type { EmulatorTimings } from "./timings";

/** livechat-api.md 1.6: at most 25 access and 25 refresh tokens per client per account. */
export const TOKENS_PER_CLIENT_AND_ACCOUNT = 25;

export type RevocationReason = "access_token_revoked" | "access_token_expired";

export class TokenStore {
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly botTokens = new Map<string, BotToken>();
  readonly codes = new Map<string, AuthCode>();
  private readonly botTokenKey = newHexId(32);

  constructor(
    private readonly clock: Clock,
    private readonly timings: () => EmulatorTimings,
    /** Called with access tokens that stopped working, so live RTM sockets can be told. */
    private readonly onInvalidated: (tokens: AccessToken[], reason: RevocationReason) => void,
  ) {}

  issueForAgent(agent: Agent, clientId: string, scopes: string[], region: string, ttlSec?: number) {
    const refresh: RefreshToken = {
      token: newOpaqueSecret(24), // livechat-api.md 1.5: refresh tokens carry no region prefix
      accountId: agent.accountId,
      organizationId: agent.organizationId,
      clientId,
      scopes,
      issuedAtMs: this.clock.now(),
    };
    this.refreshTokens.set(refresh.token, refresh);
    this.trimRefreshTokens(agent.accountId, clientId);
    const access = this.mintAccess(refresh, region, ttlSec);
    return { access, refresh };
  }

  /** Non-rotating refresh for secret-holding clients (livechat-api.md 1.6). */
  refresh(refresh: RefreshToken, region: string): AccessToken {
    return this.mintAccess(refresh, region);
  }

  findAccess(token: string): AccessToken | undefined {
    const found = this.accessTokens.get(token);
    if (!found) return undefined;
    return found.expiresAtMs > this.clock.now() ? found : undefined;
  }

  findRefresh(token: string): RefreshToken | undefined {
    return this.refreshTokens.get(token);
  }

  /** livechat-api.md 1.8: revoking an access token revokes its paired refresh token too. */
  revokeAccess(token: AccessToken): void {
    if (token.refreshToken) {
      const refresh = this.refreshTokens.get(token.refreshToken);
      if (refresh) return this.revokeRefresh(refresh);
    }
    this.accessTokens.delete(token.token);
    this.onInvalidated([token], "access_token_revoked");
  }

  revokeRefresh(refresh: RefreshToken): void {
    this.refreshTokens.delete(refresh.token);
    const paired = [...this.accessTokens.values()].filter((access) => access.refreshToken === refresh.token);
    for (const access of paired) this.accessTokens.delete(access.token);
    if (paired.length > 0) this.onInvalidated(paired, "access_token_revoked");
  }

  /** Fault switch: make matching access tokens expire now. */
  expireAccess(filter: (token: AccessToken) => boolean): AccessToken[] {
    const now = this.clock.now();
    const expired = [...this.accessTokens.values()].filter((token) => token.expiresAtMs > now && filter(token));
    for (const token of expired) token.expiresAtMs = now;
    if (expired.length > 0) this.onInvalidated(expired, "access_token_expired");
    return expired;
  }

  createCode(code: Omit<AuthCode, "code" | "expiresAtMs">, region: string): AuthCode {
    const created: AuthCode = {
      ...code,
      code: `${region}:${newOpaqueSecret(18)}`, // livechat-api.md 1.3: region-prefixed
      expiresAtMs: this.clock.now() + this.timings().authCodeTtlSec * 1000,
    };
    this.codes.set(created.code, created);
    return created;
  }

  /** Single use (livechat-api.md 1.3): the code is gone after the first attempt, good or bad. */
  takeCode(code: string): AuthCode | undefined {
    const found = this.codes.get(code);
    this.codes.delete(code);
    if (!found || found.expiresAtMs <= this.clock.now()) return undefined;
    return found;
  }

  issueBotToken(bot: Bot, clientId: string): BotToken {
    // Shaped like the docs' "<JWT bot token>" placeholder; it deliberately carries no expiry claim
    // (livechat-api.md 2.6: the response has no expiry field, track the 24 h yourself).
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const body = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ sub: bot.id, jti: newHexId(8) })}`;
    const signature = createHmac("sha256", this.botTokenKey).update(body).digest("base64url");
    const token: BotToken = {
      token: `${body}.${signature}`,
      botId: bot.id,
      organizationId: bot.organizationId,
      clientId,
      expiresAtMs: this.clock.now() + this.timings().botTokenTtlSec * 1000,
    };
    this.botTokens.set(token.token, token);
    return token;
  }

  findBotToken(token: string): BotToken | undefined {
    const found = this.botTokens.get(token);
    return found && found.expiresAtMs > this.clock.now() ? found : undefined;
  }

  private mintAccess(refresh: RefreshToken, region: string, ttlSec?: number): AccessToken {
    const now = this.clock.now();
    const access: AccessToken = {
      token: `${region}:${newOpaqueSecret(24)}`,
      accountId: refresh.accountId,
      organizationId: refresh.organizationId,
      clientId: refresh.clientId,
      scopes: refresh.scopes,
      issuedAtMs: now,
      expiresAtMs: now + (ttlSec ?? this.timings().accessTokenTtlSec) * 1000,
      refreshToken: refresh.token,
    };
    this.accessTokens.set(access.token, access);
    this.trimAccessTokens(refresh.accountId, refresh.clientId);
    return access;
  }

  private trimAccessTokens(accountId: string, clientId: string): void {
    const now = this.clock.now();
    const mine = [...this.accessTokens.values()]
      .filter((t) => t.accountId === accountId && t.clientId === clientId && t.expiresAtMs > now)
      .sort((a, b) => a.issuedAtMs - b.issuedAtMs);
    const excess = mine.slice(0, Math.max(0, mine.length - TOKENS_PER_CLIENT_AND_ACCOUNT));
    for (const token of excess) this.accessTokens.delete(token.token);
    if (excess.length > 0) this.onInvalidated(excess, "access_token_revoked");
  }

  private trimRefreshTokens(accountId: string, clientId: string): void {
    const mine = [...this.refreshTokens.values()]
      .filter((t) => t.accountId === accountId && t.clientId === clientId)
      .sort((a, b) => a.issuedAtMs - b.issuedAtMs);
    // Only the refresh token goes; access tokens minted from it live until they expire.
    for (const token of mine.slice(0, Math.max(0, mine.length - TOKENS_PER_CLIENT_AND_ACCOUNT))) {
      this.refreshTokens.delete(token.token);
    }
  }
}
