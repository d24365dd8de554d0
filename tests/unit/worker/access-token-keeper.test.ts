// The organization's agent token (livechat-api.md 4.3: the RTM session lives as long as its token;
// refresh before expiry and send `update_session`). Fake timers and a fake clock stand in for the
// hours between a login and the refresh.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AccessTokenKeeper } from "@/worker/access-token-keeper";
import type { CredentialSource, OrgAccessToken } from "@/worker/credential-source";
import { TokenUnavailableError, type RtmClient } from "@/worker/rtm-client";
import { silentLog } from "./support";

const MARGIN = 15 * 60_000;
const HOUR = 3_600_000;
const T0 = Date.parse("2026-03-02T08:00:00Z");

function setup() {
  const requests: { minValidityMs: number; forceRefresh?: boolean }[] = [];
  /** What the credential source answers next, one entry per call. */
  const answers: (OrgAccessToken | Error)[] = [];
  const credentials: CredentialSource = {
    getAccessToken: async (_orgId, options) => {
      requests.push(options);
      const next = answers.shift();
      if (!next) throw new Error("no token queued in the fake");
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const state = { leaseValid: true };
  const seen: string[] = [];
  const unavailable: TokenUnavailableError[] = [];
  const keeper = new AccessTokenKeeper({
    orgId: "org-1",
    credentials,
    refreshMarginMs: MARGIN,
    log: silentLog,
    isLeaseValid: () => state.leaseValid,
    onToken: (token) => seen.push(token.token),
    onUnavailable: (error) => unavailable.push(error),
  });
  const session = { status: "ready", updates: [] as string[] };
  const client = {
    get status() {
      return session.status;
    },
    updateSession: async (token: string) => {
      session.updates.push(token);
    },
  } as unknown as RtmClient;
  /** A token that lives `ms` from now (fake clock). */
  const token = (name: string, ms: number): OrgAccessToken => ({ token: name, expiresAt: new Date(Date.now() + ms) });
  return { keeper, answers, requests, state, seen, unavailable, session, client, token };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AccessTokenKeeper.fetch and current", () => {
  it("fetches a token valid for the margin once and reuses it", async () => {
    const t = setup();
    t.answers.push(t.token("t1", 8 * HOUR));
    expect(await t.keeper.current()).toBe("t1");
    expect(await t.keeper.current()).toBe("t1");
    expect(t.requests).toEqual([{ minValidityMs: MARGIN, forceRefresh: false }]);
    expect(t.seen).toEqual(["t1"]);
  });

  it("asks for a new token when forced (after LiveChat refused the current one)", async () => {
    const t = setup();
    t.answers.push(t.token("t1", 8 * HOUR), t.token("t2", 8 * HOUR));
    await t.keeper.current();
    expect(await t.keeper.fetch(true)).toBe("t2");
    expect(await t.keeper.current()).toBe("t2");
    expect(t.requests.map((request) => request.forceRefresh)).toEqual([false, true]);
  });

  it("refuses to fetch once the lease is no longer valid", async () => {
    const t = setup();
    t.state.leaseValid = false;
    t.answers.push(t.token("t1", 8 * HOUR));
    await expect(t.keeper.fetch(false)).rejects.toMatchObject({ name: "TokenUnavailableError", reason: "lease_lost" });
    await expect(t.keeper.current()).rejects.toBeInstanceOf(TokenUnavailableError);
    expect(t.requests).toEqual([]);
  });
});

describe("AccessTokenKeeper.schedule", () => {
  it("refreshes the margin before expiry and hands the new token to the session", async () => {
    const t = setup();
    t.answers.push(t.token("t1", 8 * HOUR));
    await t.keeper.fetch(false); // the login's token
    t.keeper.schedule(t.client);

    t.answers.push({ token: "t2", expiresAt: new Date(T0 + 16 * HOUR) }, { token: "t3", expiresAt: new Date(T0 + 24 * HOUR) });
    await vi.advanceTimersByTimeAsync(8 * HOUR - MARGIN - 1);
    expect(t.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.requests).toHaveLength(2);
    expect(t.session.updates).toEqual(["t2"]);

    // And again ahead of t2's expiry, 8 h later.
    await vi.advanceTimersByTimeAsync(8 * HOUR - 1);
    expect(t.session.updates).toEqual(["t2"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.session.updates).toEqual(["t2", "t3"]);
    expect(t.seen).toEqual(["t1", "t2", "t3"]);
  });

  it("refreshes a token that lives shorter than the margin at half-life", async () => {
    const t = setup();
    t.answers.push(t.token("t1", 10 * 60_000));
    await t.keeper.fetch(false);
    t.keeper.schedule(t.client);

    t.answers.push(t.token("t2", 8 * HOUR));
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(t.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.requests).toHaveLength(2);
    expect(t.session.updates).toEqual(["t2"]);
  });

  it("sends update_session only when the refresh brought another token", async () => {
    const t = setup();
    t.answers.push(t.token("t1", HOUR));
    await t.keeper.fetch(false);
    t.keeper.schedule(t.client);

    // The store still holds t1 (with a later expiry on record): nothing to tell the session.
    t.answers.push({ token: "t1", expiresAt: new Date(T0 + 2 * HOUR) });
    await vi.advanceTimersByTimeAsync(HOUR - MARGIN);
    expect(t.requests).toHaveLength(2);
    expect(t.session.updates).toEqual([]);

    // Rescheduled from the new expiry: the next refresh brings t2.
    t.answers.push(t.token("t2", 8 * HOUR));
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(t.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.session.updates).toEqual(["t2"]);
  });

  it("hands a TokenUnavailableError to onUnavailable and stops refreshing", async () => {
    const t = setup();
    t.answers.push(t.token("t1", HOUR));
    await t.keeper.fetch(false);
    t.keeper.schedule(t.client);

    const refused = new TokenUnavailableError("invalid_grant", "The administrator revoked the app");
    t.answers.push(refused);
    await vi.advanceTimersByTimeAsync(HOUR - MARGIN);
    expect(t.unavailable).toEqual([refused]);
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(t.requests).toHaveLength(2);
    expect(t.session.updates).toEqual([]);
  });

  it("reports a lost lease at refresh time as unavailable without asking for a token", async () => {
    const t = setup();
    t.answers.push(t.token("t1", HOUR));
    await t.keeper.fetch(false);
    t.keeper.schedule(t.client);

    t.state.leaseValid = false;
    await vi.advanceTimersByTimeAsync(HOUR - MARGIN);
    expect(t.unavailable.map((error) => error.reason)).toEqual(["lease_lost"]);
    expect(t.requests).toHaveLength(1);
  });

  it("retries a failed refresh 5 s later", async () => {
    const t = setup();
    t.answers.push(t.token("t1", HOUR));
    await t.keeper.fetch(false);
    t.keeper.schedule(t.client);

    t.answers.push(new Error("database busy"), t.token("t2", 8 * HOUR));
    await vi.advanceTimersByTimeAsync(HOUR - MARGIN);
    expect(t.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.requests).toHaveLength(3);
    expect(t.session.updates).toEqual(["t2"]);
    expect(t.unavailable).toEqual([]);
  });

  it("does not refresh for a session that is not ready, after cancel() or after stop()", async () => {
    const notReady = setup();
    notReady.answers.push(notReady.token("t1", HOUR));
    await notReady.keeper.fetch(false);
    notReady.keeper.schedule(notReady.client);
    notReady.session.status = "connecting";

    const cancelled = setup();
    cancelled.answers.push(cancelled.token("t1", HOUR));
    await cancelled.keeper.fetch(false);
    cancelled.keeper.schedule(cancelled.client);
    cancelled.keeper.cancel();

    const stopped = setup();
    stopped.answers.push(stopped.token("t1", HOUR));
    await stopped.keeper.fetch(false);
    stopped.keeper.stop();
    stopped.keeper.schedule(stopped.client); // a login that completes while stopping

    for (const t of [notReady, cancelled, stopped]) t.answers.push(t.token("t2", 8 * HOUR));
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect([notReady, cancelled, stopped].map((t) => t.requests.length)).toEqual([1, 1, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("schedules nothing before a token was fetched", () => {
    const t = setup();
    t.keeper.schedule(t.client);
    expect(vi.getTimerCount()).toBe(0);
  });
});
