// No 500 from a cookie or a query string (finding 4 of the security review): a cookie that is not
// valid percent-encoding is ignored wherever it appears, and a `callbackUrl` that is not a path on
// this site sends the browser to the dashboard, through a whole sign-in against the emulator.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);

import { decode } from "next-auth/jwt";
import { webEnv } from "../../../lib/env";
import { DEMO_ACCOUNTS, type Emulator } from "../../emulator";
import type { TestProvider } from "../../helpers/database";
import { discoverRoutes, type RouteEntry } from "../../helpers/tenant-isolation/discover";
import { PUBLIC_ROUTES } from "../../helpers/tenant-isolation/cases";
import { APP_URL, CookieJar, startAuthWorld, startEmulatorForAuth, type AuthWorld } from "./world";

const JUNK = "junk=%E0%A4%A";
let emulator: Emulator;
let routes: RouteEntry[];

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
  routes = (await discoverRoutes()).filter((route) => !(route.path in PUBLIC_ROUTES));
});
afterAll(async () => {
  await emulator?.close();
});

function jarWithJunk(): CookieJar {
  const jar = new CookieJar();
  jar.take(new Response(null, { headers: { "set-cookie": JUNK } }));
  return jar;
}

describe.each<TestProvider>(["sqlite", "postgresql"])("malformed cookies and query strings on %s", (provider) => {
  let world: AuthWorld;

  beforeAll(async () => {
    world = await startAuthWorld(provider, emulator);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("ignores an undecodable cookie on every organization route: signed out alone, signed in beside a session", async () => {
    const owner = await world.signIn(DEMO_ACCOUNTS.owner.email);
    for (const route of routes) {
      const params = Object.fromEntries(route.params.map((name) => [name, name === "orgId" ? owner.orgId : "unknown-id"]));
      const answer = await world.call(route.handler, route.method, null, { params, cookie: JUNK, body: route.method === "GET" ? undefined : {} });
      expect({ route: route.key, status: answer.status }).toEqual({ route: route.key, status: 401 });
    }
    const team = routes.find((route) => route.key === "GET /api/orgs/[orgId]/team")!;
    expect((await world.call(team.handler, "GET", owner, { cookie: `${JUNK}; ${owner.cookie}` })).status).toBe(200);
    expect((await world.call(team.handler, "GET", owner, { cookie: `${owner.cookie}; ${JUNK}` })).status).toBe(200);
    expect(await (await world.auth("GET", ["session"], { cookie: JUNK })).json()).toEqual({});
  });

  it("ends a callback carrying an undecodable cookie on the error page, and signs in beside one", async () => {
    const bare = await world.auth("GET", ["callback", "livechat"], { cookie: JUNK, query: { code: "dal:x", state: "y" } });
    expect(bare.status).toBe(302);
    expect(bare.headers.get("location")).toBe(`${APP_URL}/signin/error?reason=flow_expired`);

    const { jar, landing } = await world.oauthSignIn(DEMO_ACCOUNTS.administrator.email, { jar: jarWithJunk() });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe(`${APP_URL}/`);
    expect(jar.get("next-auth.session-token")).toBeDefined();
  });

  it.each([
    ["not a URL", "http://[::1"],
    ["not percent-encoding", "%E0%A4%A"],
    ["another site", "https://evil.example/steal"],
    ["a protocol-relative URL", "//evil.example/steal"],
    ["a backslash trick", "/\\evil.example"],
    ["a script", "javascript:alert(1)"],
    ["a control character", "/orgs/a\u0000b"],
  ])("sends a sign-in with a callbackUrl that is %s to the dashboard", async (_label, callbackUrl) => {
    const { landing } = await world.oauthSignIn(DEMO_ACCOUNTS.agent.email, { callbackUrl });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe(`${APP_URL}/`);
  });

  it("keeps a callbackUrl that is a path on this site", async () => {
    const { jar, landing } = await world.oauthSignIn(DEMO_ACCOUNTS.agent.email, { callbackUrl: "/orgs/abc/team?tab=members" });
    expect(landing.headers.get("location")).toBe(`${APP_URL}/orgs/abc/team?tab=members`);
    const claims = await decode({ token: jar.get("next-auth.session-token")!, secret: webEnv().NEXTAUTH_SECRET });
    expect(claims?.sid).toEqual(expect.any(String));
  });

  it("drops a callback-url cookie that is not a URL, then goes on with the same request", async () => {
    const unparsable = "next-auth.callback-url=http%3A%2F%2F%5B";
    for (const segments of [["csrf"], ["providers"], ["signin", "livechat"], ["callback", "livechat"]]) {
      const method = segments[0] === "signin" ? "POST" : "GET";
      const answer = await world.auth(method, segments, { cookie: unparsable, form: { json: "true" } });
      expect({ segments, status: answer.status, location: answer.headers.get("location") }).toEqual({
        segments,
        status: 307,
        location: `/api/auth/${segments.join("/")}`,
      });
      expect(answer.headers.getSetCookie()).toEqual([expect.stringMatching(/^next-auth\.callback-url=; .*Max-Age=0/)]);
    }
  });

  it("answers a malformed callbackUrl in the query of any next-auth endpoint without a 500", async () => {
    for (const callbackUrl of ["http://[", "%E0%A4%A", "javascript:alert(1)"]) {
      const csrf = await world.auth("GET", ["csrf"], { query: { callbackUrl } });
      expect(csrf.status).toBe(200);
      const signin = await world.auth("GET", ["signin"], { query: { callbackUrl } });
      expect(signin.status).toBeLessThan(500);
    }
  });
});
