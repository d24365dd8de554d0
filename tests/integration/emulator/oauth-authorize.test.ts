// The authorize step: sign-in page, redirects to the callback or to /ooops (livechat-api.md 1.1–1.3, 1.9, 1.11).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, DEMO_REDIRECT_URI } from "@/tests/emulator";
import { DEMO_ACCOUNTS, startWorld, type World } from "./support/fixtures";
import { authorize, pkce } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

const base = { client_id: DEMO_CLIENT_ID, redirect_uri: DEMO_REDIRECT_URI, state: "st-123" };

describe("GET / (authorize)", () => {
  it("shows a sign-in page listing the accounts of every organization with real forms", async () => {
    const result = await authorize(world.emulator, base);
    expect(result.status).toBe(200);
    for (const text of ["Acme Support", "Globex Help", "olivia@acme.example", "adam@acme.example", "nora@acme.example", "gina@globex.example"]) {
      expect(result.html).toContain(text);
    }
    expect(result.html).toContain('<form method="post" action="/authorize">');
    expect(result.html).toContain("Continue as Olivia Owner");
    expect(result.html).toContain(">Deny</button>");
    expect(result.html).toMatch(/<span class="role">owner<\/span>/);
  });

  it("login_as approves at once: 302 to the callback with a dal: code and the state", async () => {
    const { challenge } = pkce("S256");
    const result = await authorize(world.emulator, { ...base, code_challenge: challenge, code_challenge_method: "S256", login_as: "olivia@acme.example" });
    expect(result.status).toBe(302);
    expect(result.location?.origin + (result.location?.pathname ?? "")).toBe(DEMO_REDIRECT_URI);
    expect(result.location?.searchParams.get("state")).toBe("st-123");
    expect(result.location?.searchParams.get("code")).toMatch(/^dal:/);
    expect(result.location?.search).toContain("code=dal%3A");
  });

  it("accepts s256 spelled in lower case and account ids for login_as", async () => {
    const { challenge } = pkce("S256");
    const result = await authorize(world.emulator, { ...base, code_challenge: challenge, code_challenge_method: "s256", login_as: DEMO_ACCOUNTS.owner.accountId });
    expect(result.location?.searchParams.get("code")).toMatch(/^dal:/);
  });

  it.each([
    [{ client_id: "nope" }, "unauthorized_client", "client_id_not_found"],
    [{ redirect_uri: "http://localhost:3001/api/auth/callback" }, "unauthorized_client", "invalid_redirect_uri"],
    [{ redirect_uri: "https://localhost:3000/api/auth/callback" }, "unauthorized_client", "invalid_redirect_uri"],
    [{ redirect_uri: "http://localhost:3000/api/auth" }, "unauthorized_client", "invalid_redirect_uri"],
    [{ redirect_uri: "http://localhost:3000/api/auth/callbackx" }, "unauthorized_client", "invalid_redirect_uri"],
    [{ redirect_uri: "http://localhost:3000/api/auth/callback/../../admin" }, "unauthorized_client", "invalid_redirect_uri"],
    [{ response_type: "token" }, "unsupported_response_type", null],
    [{ code_challenge: "too-short" }, "invalid_request", null],
    [{ code_challenge: "a".repeat(129) }, "invalid_request", null],
    [{ code_challenge: "a".repeat(43), code_challenge_method: "md5" }, "invalid_request", null],
    [{ scope: "chats--all:ro,not-a-scope" }, "invalid_scope", null],
  ])("sends %o to /ooops with %s", async (override, exception, details) => {
    const result = await authorize(world.emulator, { ...base, login_as: "olivia@acme.example", ...override });
    expect(result.status).toBe(302);
    expect(result.location?.pathname).toBe("/ooops");
    expect(result.location?.searchParams.get("oauth_exception")).toBe(exception);
    expect(result.location?.searchParams.get("exception_details")).toBe(details);
  });

  it("accepts a longer path under the whitelisted one (prefix rule)", async () => {
    const result = await authorize(world.emulator, { ...base, redirect_uri: `${DEMO_REDIRECT_URI}/livechat`, login_as: "olivia@acme.example" });
    expect(result.location?.pathname).toBe("/api/auth/callback/livechat");
    expect(result.location?.searchParams.get("code")).toMatch(/^dal:/);
  });

  it("refuses administrator scopes for a normal agent with invalid_scope", async () => {
    const result = await authorize(world.emulator, { ...base, login_as: "nora@acme.example" });
    expect(result.location?.pathname).toBe("/ooops");
    expect(result.location?.searchParams.get("oauth_exception")).toBe("invalid_scope");
  });

  it("lets a normal agent in with a scope list that has no admin scopes", async () => {
    const result = await authorize(world.emulator, { ...base, scope: "accounts--my:ro,agents--all:ro", login_as: "nora@acme.example" });
    expect(result.location?.searchParams.get("code")).toMatch(/^dal:/);
  });

  it("serves /ooops as an HTML error page", async () => {
    const response = await fetch(`${world.emulator.url}/ooops?oauth_exception=invalid_scope`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("invalid_scope");
  });

  it("limits redirects to 3 per 30 s per client and user (too_many_redirects)", async () => {
    for (let i = 0; i < 3; i += 1) {
      const ok = await authorize(world.emulator, { ...base, login_as: "adam@acme.example" });
      expect(ok.location?.searchParams.get("code")).toBeTruthy();
    }
    const refused = await authorize(world.emulator, { ...base, login_as: "adam@acme.example" });
    expect(refused.location?.pathname).toBe("/ooops");
    expect(refused.location?.searchParams.get("exception_details")).toBe("too_many_redirects");
    world.emulator.advanceClock(31);
    const again = await authorize(world.emulator, { ...base, login_as: "adam@acme.example" });
    expect(again.location?.searchParams.get("code")).toBeTruthy();
  });
});

describe("POST /authorize (the sign-in page's buttons)", () => {
  async function submit(fields: Record<string, string>): Promise<URL> {
    const response = await fetch(`${world.emulator.url}/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ response_type: "code", ...base, ...fields }).toString(),
    });
    expect(response.status).toBe(302);
    return new URL(response.headers.get("location") ?? "", world.emulator.url);
  }

  it("Continue as … issues a code for that account", async () => {
    const location = await submit({ account_id: DEMO_ACCOUNTS.owner.accountId, decision: "allow" });
    expect(location.searchParams.get("code")).toMatch(/^dal:/);
    expect(location.searchParams.get("state")).toBe("st-123");
  });

  it("Deny returns error=access_denied with the state to the callback", async () => {
    const location = await submit({ decision: "deny" });
    expect(location.origin + location.pathname).toBe(DEMO_REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("re-validates the request: a tampered redirect goes to /ooops", async () => {
    const location = await submit({ account_id: DEMO_ACCOUNTS.owner.accountId, redirect_uri: "http://evil.example/cb" });
    expect(location.pathname).toBe("/ooops");
  });

  it("the forms on the page carry every original parameter", async () => {
    const { html } = await authorize(world.emulator, { ...base, code_challenge: "c".repeat(43) });
    expect(html).toContain('name="code_challenge" value="' + "c".repeat(43) + '"');
    expect(html).toContain('name="state" value="st-123"');
  });
});
