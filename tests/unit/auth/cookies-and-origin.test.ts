// Session cookies are HttpOnly and SameSite=Lax, and Secure in production; state-changing requests
// must come from the app's own origin.
import { describe, expect, it } from "vitest";
import { authCookies, shouldUseSecureCookies } from "../../../lib/auth/cookies";
import { isMutatingMethod, isSameOrigin } from "../../../lib/auth/origin";

describe("auth cookies", () => {
  it("are Secure over HTTPS and in production on a real host, not on a local plain-HTTP server", () => {
    expect(shouldUseSecureCookies("https://dash.acme.example", false)).toBe(true);
    expect(shouldUseSecureCookies("https://dash.acme.example", true)).toBe(true);
    expect(shouldUseSecureCookies("http://dash.acme.example", true)).toBe(true);
    expect(shouldUseSecureCookies("http://127.0.0.1:3000", true)).toBe(false);
    expect(shouldUseSecureCookies("http://localhost:3000", false)).toBe(false);
  });

  it("are all HttpOnly and SameSite=Lax, with the __Secure- prefix when Secure", () => {
    for (const secure of [true, false]) {
      const cookies = authCookies(secure);
      for (const cookie of Object.values(cookies)) {
        expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure });
      }
      expect(cookies.sessionToken.name).toBe(secure ? "__Secure-next-auth.session-token" : "next-auth.session-token");
      expect(cookies.csrfToken.name).toBe(secure ? "__Host-next-auth.csrf-token" : "next-auth.csrf-token");
    }
  });
});

describe("same-origin check", () => {
  const app = "https://dash.acme.example";

  it("accepts only the app's exact origin", () => {
    expect(isSameOrigin(app, app)).toBe(true);
    for (const origin of ["https://evil.example", "http://dash.acme.example", "https://dash.acme.example:8443", "https://dash.acme.example.evil.example", "null", "", null, undefined]) {
      expect(isSameOrigin(origin, app), String(origin)).toBe(false);
    }
  });

  it("applies to every method but GET, HEAD and OPTIONS", () => {
    expect(["GET", "HEAD", "OPTIONS", "get"].map(isMutatingMethod)).toEqual([false, false, false, false]);
    expect(["POST", "PUT", "PATCH", "DELETE"].map(isMutatingMethod)).toEqual([true, true, true, true]);
  });
});
