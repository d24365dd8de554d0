// Bot tokens (livechat-api.md 2.6): issued with the bot's secret, valid 24 h, not revocable, and
// the answer says nothing about expiry — so the worker tracks the age itself and replaces a
// token after `renewAfterMs` (half its life), long before LiveChat would refuse it. One issuance
// at a time per bot; a token LiveChat refused anyway is dropped with `invalidate`.
export interface BotTokenCacheOptions {
  issue(botId: string): Promise<string>;
  renewAfterMs: number;
  now?: () => number;
}

interface Entry {
  token: string;
  issuedAt: number;
  /** Changes when the stored secret changes (reset), so an old secret's token is not reused. */
  secretKey: string;
}

export class BotTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly now: () => number;

  constructor(private readonly options: BotTokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  async get(botId: string, secretKey: string): Promise<string> {
    const entry = this.entries.get(botId);
    if (entry && entry.secretKey === secretKey && this.now() - entry.issuedAt < this.options.renewAfterMs) return entry.token;
    const running = this.inflight.get(botId);
    if (running) return running;
    const issuing = (async () => {
      const issuedAt = this.now();
      const token = await this.options.issue(botId);
      this.entries.set(botId, { token, issuedAt, secretKey });
      return token;
    })().finally(() => this.inflight.delete(botId));
    this.inflight.set(botId, issuing);
    return issuing;
  }

  /** LiveChat refused this token (e.g. `authentication`): the next `get` issues a new one. */
  invalidate(botId: string, token?: string): void {
    const entry = this.entries.get(botId);
    if (entry && (token === undefined || entry.token === token)) this.entries.delete(botId);
  }

  /** When the token for `botId` was issued (for the health view and tests). */
  issuedAt(botId: string): number | undefined {
    return this.entries.get(botId)?.issuedAt;
  }
}
