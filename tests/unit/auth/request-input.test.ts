// What arrives with a request is never trusted to be well-formed (finding 4 of the security review):
// cookies that are not percent-encoding are skipped, any `callbackUrl` ends on this site, and the
// sign-in limits key on the address the nearest proxy saw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirectUrl } from "../../../lib/auth/callback-url";
import { clientIp } from "../../../lib/auth/client-ip";
import { parseCookieHeader } from "../../../lib/auth/cookies";

const BASE = "https://dash.acme.example";

describe("parseCookieHeader", () => {
  it("skips values that are not percent-encoding and keeps the rest", () => {
    const jar = parseCookieHeader("junk=%E0%A4%A; next-auth.session-token=abc.def; other=a%20b; =nameless; flag");
    expect([...jar]).toEqual([
      ["next-auth.session-token", "abc.def"],
      ["other", "a b"],
    ]);
  });

  it("keeps the first of two cookies with one name, as browsers send the most specific first", () => {
    expect(parseCookieHeader("a=1; a=2").get("a")).toBe("1");
    expect(parseCookieHeader(null).size).toBe(0);
  });

  it("never throws, whatever the header", () => {
    fc.assert(fc.property(fc.string(), (header) => void parseCookieHeader(header)));
  });
});

describe("callback URLs", () => {
  it.each([
    ["/orgs/a/team?tab=1", "/orgs/a/team?tab=1"],
    ["/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["%E0%A4%A", "/"],
    ["/a\u0000b", "/"],
    [undefined, "/"],
    [["/first", "/second"], "/first"],
  ])("keeps only paths on this site: %j → %j", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it.each([
    ["/orgs/a", `${BASE}/orgs/a`],
    [`${BASE}/orgs/a`, `${BASE}/orgs/a`],
    ["https://evil.example/orgs/a", `${BASE}/`],
    ["http://[", `${BASE}/`],
    ["", `${BASE}/`],
  ])("redirects %j to %j", (value, expected) => {
    expect(safeRedirectUrl(value, BASE)).toBe(expected);
  });

  it("always lands on this site, never throwing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath()), (value) => {
        expect(new URL(safeRedirectUrl(value, BASE)).origin).toBe(BASE);
        expect(safeCallbackPath(value).startsWith("/")).toBe(true);
      }),
    );
  });
});

describe("clientIp", () => {
  const withHeaders = (headers: Record<string, string>) => clientIp(new Request("http://x.test/", { headers }));

  it("takes the address the nearest proxy appended, not what the client claimed before it", () => {
    expect(withHeaders({ "x-forwarded-for": "10.0.0.1, 203.0.113.9" })).toBe("203.0.113.9");
    expect(withHeaders({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    expect(withHeaders({ "x-real-ip": "198.51.100.4" })).toBe("198.51.100.4");
    expect(withHeaders({})).toBe("unknown");
  });
});
