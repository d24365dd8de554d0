// Registry of RTM connections and the per-organization concurrency statistics tests use to prove
// that two workers never held one organization's socket at the same time.

/** What delivery and the fault switches need from an RTM connection. */
export interface RtmPeer {
  readonly id: string;
  readonly organizationId: string;
  /** Set once `login` succeeded. */
  readonly session: { accountId: string; agentId: string; scopes: readonly string[]; accessToken: string } | null;
  push(action: string, payload: unknown, requestId?: string): void;
  disconnect(reason: string, data?: Record<string, unknown>): void;
  terminate(): void;
  makeHalfOpen(): void;
  /** Re-checks the session token (after a revocation, an expiry fault or a clock jump). */
  checkToken(reason: "access_token_revoked" | "access_token_expired"): void;
}

export interface OrganizationSocketStats {
  /** Open websockets, logged in or not. */
  currentSockets: number;
  currentLoggedIn: number;
  maxConcurrentLoggedIn: number;
  totalLogins: number;
}

export class ConnectionHub {
  private readonly peers = new Map<string, RtmPeer>();
  private readonly loggedIn = new Set<string>();
  private readonly stats = new Map<string, OrganizationSocketStats>();

  add(peer: RtmPeer): void {
    this.peers.set(peer.id, peer);
    this.statsOf(peer.organizationId).currentSockets += 1;
  }

  markLoggedIn(peer: RtmPeer): void {
    if (this.loggedIn.has(peer.id)) return;
    this.loggedIn.add(peer.id);
    const stats = this.statsOf(peer.organizationId);
    stats.currentLoggedIn += 1;
    stats.totalLogins += 1;
    stats.maxConcurrentLoggedIn = Math.max(stats.maxConcurrentLoggedIn, stats.currentLoggedIn);
  }

  remove(peer: RtmPeer): void {
    if (!this.peers.delete(peer.id)) return;
    const stats = this.statsOf(peer.organizationId);
    stats.currentSockets -= 1;
    if (this.loggedIn.delete(peer.id)) stats.currentLoggedIn -= 1;
  }

  all(organizationId?: string): RtmPeer[] {
    return [...this.peers.values()].filter((peer) => !organizationId || peer.organizationId === organizationId);
  }

  /** Logged-in connections of an organization. */
  sessions(organizationId: string): RtmPeer[] {
    return this.all(organizationId).filter((peer) => peer.session !== null);
  }

  sessionsOfAgent(organizationId: string, agentId: string): RtmPeer[] {
    return this.sessions(organizationId).filter((peer) => peer.session?.agentId === agentId);
  }

  snapshot(): Record<string, OrganizationSocketStats> {
    return Object.fromEntries([...this.stats].map(([organizationId, stats]) => [organizationId, { ...stats }]));
  }

  /** Starts the maxima again from the current state (e.g. between phases of a test). */
  resetStats(): void {
    for (const stats of this.stats.values()) {
      stats.maxConcurrentLoggedIn = stats.currentLoggedIn;
      stats.totalLogins = 0;
    }
  }

  private statsOf(organizationId: string): OrganizationSocketStats {
    let stats = this.stats.get(organizationId);
    if (!stats) {
      stats = { currentSockets: 0, currentLoggedIn: 0, maxConcurrentLoggedIn: 0, totalLogins: 0 };
      this.stats.set(organizationId, stats);
    }
    return stats;
  }
}
