// Sessions end when they should (finding 1 of the security review), through the app's own routes and
// a real LiveChat sign-in against the emulator, on both databases: the cookie lasts the documented
// 7 days (not next-auth's 30), `GET /api/auth/session` never extends it, its end is absolute on the
// server, signing out ends it for a copied cookie too, and a new sign-in ends the browser's old one.
import { decode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);

import * as teamRoute from "@/app/api/orgs/[orgId]/team/route";
import { webEnv } from "../../../lib/env";
import { DEMO_ACCOUNTS, type Emulator } from "../../emulator";
import type { TestProvider } from "../../helpers/database";
import { APP_URL, CookieJar, startAuthWorld, startEmulatorForAuth, type AuthWorld } from "./world";

const SESSION = "next-auth.session-token";
const WEEK_SECONDS = 7 * 24 * 3600;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each<TestProvider>(["sqlite", "postgresql"])("sessions on %s", (provider) => {
  let world: AuthWorld;

  beforeAll(async () => {
    world = await startAuthWorld(provider, emulator);
  });
  afterAll(async () => {
    await world?.close();
  });

  const claimsOf = async (jar: CookieJar) => decode({ token: jar.get(SESSION)!, secret: webEnv().NEXTAUTH_SECRET });
  const orgIdOf = async (jar: CookieJar) => String((await claimsOf(jar))?.orgId);
  const team = async (jar: CookieJar | string, orgId: string) =>
    world.call<{ error?: { code: string; reason?: string; message: string } }>(teamRoute.GET, "GET", null, {
      params: { orgId },
      cookie: typeof jar === "string" ? jar : jar.header(),
    });

  it("signs in through LiveChat with a cookie that lasts 7 days, backed by a server-side session", async () => {
    const { jar, landing } = await world.oauthSignIn(DEMO_ACCOUNTS.owner.email);
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe(`${APP_URL}/`);
    const claims = await claimsOf(jar);
    expect(Object.keys(claims ?? {}).sort()).toEqual(["exp", "iat", "jti", "orgId", "sid", "sub"]);
    // Whole seconds on both sides: the end is the record's, floored.
    expect(WEEK_SECONDS - (Number(claims!.exp) - Number(claims!.iat))).toBeOneOf([0, 1]);
    const cookieLine = landing.headers.getSetCookie().find((line) => line.startsWith(`${SESSION}=`))!;
    const cookieEnds = Date.parse(/expires=([^;]+)/i.exec(cookieLine)![1]!);
    expect(Math.abs(cookieEnds - Number(claims!.exp) * 1000)).toBeLessThan(2_000);
    const record = await world.database.db.userSession.findUniqueOrThrow({ where: { id: String(claims!.sid) } });
    expect(record).toMatchObject({ userId: claims!.sub, revokedAt: null });
    expect(Math.abs(record.expiresAt.getTime() - Number(claims!.exp) * 1000)).toBeLessThan(1_000);
    expect((await team(jar, await orgIdOf(jar))).status).toBe(200);
  });

  it("answers GET /api/auth/session from the record without renewing the cookie; the end is absolute", async () => {
    const { jar } = await world.oauthSignIn(DEMO_ACCOUNTS.administrator.email);
    const orgId = await orgIdOf(jar);
    const claims = await claimsOf(jar);
    const signedInAt = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });

    vi.setSystemTime(signedInAt + 6 * 24 * 3600_000);
    const session = await world.auth("GET", ["session"], { cookie: jar.header() });
    expect(session.headers.getSetCookie()).toEqual([]);
    expect(await session.json()).toEqual({ user: { id: claims!.sub }, orgId, expires: new Date(Number(claims!.exp) * 1000).toISOString() });

    // The cookie's own expiry allows a few seconds of clock skew; the server-side record does not.
    vi.setSystemTime(Number(claims!.exp) * 1000 + 5_000);
    const ended = await team(jar, orgId);
    expect(ended.status).toBe(401);
    expect(ended.body.error).toMatchObject({ code: "unauthorized", reason: "expired", message: expect.stringContaining("sessions last 7 days") });
    expect(await (await world.auth("GET", ["session"], { cookie: jar.header() })).json()).toEqual({});

    vi.setSystemTime(signedInAt + 30 * 24 * 3600_000);
    expect((await team(jar, orgId)).status).toBe(401);
  });

  it("signs out on the server: a copy of the cookie stops working at once", async () => {
    const { jar } = await world.oauthSignIn(DEMO_ACCOUNTS.agent.email);
    const orgId = await orgIdOf(jar);
    const copied = jar.header();
    expect((await team(copied, orgId)).status).toBe(200);

    // Without next-auth's CSRF token a sign-out is refused and ends nothing (a cross-site form).
    const forged = await world.auth("POST", ["signout"], { cookie: jar.header(), form: { callbackUrl: "/signin?signedOut=1" } });
    expect(forged.status).toBe(302);
    expect((await team(copied, orgId)).status).toBe(200);

    const csrf = await world.auth("GET", ["csrf"], { cookie: jar.header() });
    jar.take(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signedOut = await world.auth("POST", ["signout"], { cookie: jar.header(), form: { csrfToken, callbackUrl: "/signin?signedOut=1" } });
    jar.take(signedOut);
    expect(jar.get(SESSION)).toBeUndefined();

    const after = await team(copied, orgId);
    expect(after.status).toBe(401);
    expect(after.body.error).toEqual({ code: "unauthorized", reason: "signed_out", message: expect.stringContaining("You are signed out of Botdesk") });
  });

  it("ends a browser's previous session when it signs in again", async () => {
    const first = await world.oauthSignIn(DEMO_ACCOUNTS.owner.email);
    const orgId = await orgIdOf(first.jar);
    const before = first.jar.header();
    const second = await world.oauthSignIn(DEMO_ACCOUNTS.owner.email, { jar: first.jar });
    expect(second.jar.header()).not.toBe(before);
    expect((await team(second.jar, orgId)).status).toBe(200);
    expect((await team(before, orgId)).body.error).toMatchObject({ reason: "signed_out" });
  });
});
