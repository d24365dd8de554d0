// The token endpoint: code exchange with PKCE, refresh, revocation and the 25-token limit
// (livechat-api.md 1.4–1.9).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URI } from "@/tests/emulator";
import { agentClient, startWorld, type World } from "./support/fixtures";
import { authorize, getAccounts, pkce, postToken } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

async function codeFor(account: string, extra: Record<string, string> = {}): Promise<string> {
  const result = await authorize(world.emulator, { client_id: DEMO_CLIENT_ID, redirect_uri: DEMO_REDIRECT_URI, state: "s", login_as: account, ...extra });
  const code = result.location?.searchParams.get("code");
  if (!code) throw new Error(`no code: ${result.location?.toString()}`);
  return code;
}

function exchange(code: string, extra: Record<string, string> = {}) {
  return postToken(world.emulator, {
    grant_type: "authorization_code",
    code,
    client_id: DEMO_CLIENT_ID,
    client_secret: DEMO_CLIENT_SECRET,
    redirect_uri: DEMO_REDIRECT_URI,
    ...extra,
  });
}

describe("authorization_code grant", () => {
  it("exchanges an S256 code for exactly the documented fields", async () => {
    const { verifier, challenge } = pkce("S256");
    const code = await codeFor("olivia@acme.example", { code_challenge: challenge, code_challenge_method: "S256" });
    const result = await exchange(code, { code_verifier: verifier });
    expect(result.status).toBe(200);
    expect(Object.keys(result.body).sort()).toEqual(["access_token", "account_id", "expires_in", "organization_id", "refresh_token", "scope", "token_type"]);
    expect(result.body).toMatchObject({ account_id: "0a7c3e21-5b4d-4f6a-8c9e-1d2b3f4a5c6e", organization_id: world.orgId, expires_in: 28800, token_type: "Bearer" });
    expect(result.body.access_token).toMatch(/^dal:/);
    expect(result.body.refresh_token).not.toMatch(/^dal:/);
    expect(String(result.body.scope).split(",")).toContain("chats--all:rw");
  });

  it("accepts plain PKCE (the default method) and a JSON body", async () => {
    const { verifier } = pkce("plain");
    const code = await codeFor("adam@acme.example", { code_challenge: verifier });
    const result = await postToken(
      world.emulator,
      { grant_type: "authorization_code", code, client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET, redirect_uri: DEMO_REDIRECT_URI, code_verifier: verifier },
      "json",
    );
    expect(result.status).toBe(200);
  });

  it("grants only the requested subset of scopes", async () => {
    const code = await codeFor("olivia@acme.example", { scope: "accounts--my:ro,chats--all:ro" });
    const result = await exchange(code);
    expect(result.body.scope).toBe("accounts--my:ro,chats--all:ro");
  });

  it("refuses a wrong verifier with invalid_grant and burns the code", async () => {
    const { challenge } = pkce("S256");
    const code = await codeFor("olivia@acme.example", { code_challenge: challenge, code_challenge_method: "S256" });
    const wrong = await exchange(code, { code_verifier: pkce().verifier });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: "invalid_grant", sub_error: null });
    expect(typeof wrong.body.request_id).toBe("string");
    expect(typeof wrong.body.error_description).toBe("string");
  });

  it("requires the verifier when the code has a challenge", async () => {
    const code = await codeFor("olivia@acme.example", { code_challenge: pkce().challenge, code_challenge_method: "S256" });
    const result = await exchange(code);
    expect(result.status).toBe(422);
    expect(result.body.error).toBe("invalid_request");
  });

  it("codes are single use", async () => {
    const code = await codeFor("olivia@acme.example");
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.body.error).toBe("invalid_grant");
  });

  it("codes expire after authCodeTtlSec", async () => {
    const code = await codeFor("olivia@acme.example");
    world.emulator.advanceClock(301);
    expect((await exchange(code)).body.error).toBe("invalid_grant");
  });

  it("the redirect_uri must equal the authorize one", async () => {
    const code = await codeFor("olivia@acme.example");
    const result = await exchange(code, { redirect_uri: `${DEMO_REDIRECT_URI}/other` });
    expect(result.body.error).toBe("invalid_grant");
  });

  it("client authentication: wrong secret → invalid_client (401), missing secret → invalid_request (422)", async () => {
    const code = await codeFor("olivia@acme.example");
    const wrong = await exchange(code, { client_secret: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
    const missing = await postToken(world.emulator, { grant_type: "authorization_code", code, client_id: DEMO_CLIENT_ID, redirect_uri: DEMO_REDIRECT_URI });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toBe("invalid_request");
  });

  it("refuses grant_type=code and unknown grant types with unsupported_grant_type", async () => {
    const code = await codeFor("olivia@acme.example");
    const result = await exchange(code, { grant_type: "code" });
    expect(result.status).toBe(403);
    expect(result.body.error).toBe("unsupported_grant_type");
  });
});

describe("refresh_token grant", () => {
  it("returns a new access token and the same (non-rotating) refresh token", async () => {
    const first = await exchange(await codeFor("olivia@acme.example"));
    const refresh = String(first.body.refresh_token);
    const refreshed = await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: refresh, client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBe(refresh);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(Object.keys(refreshed.body).sort()).toEqual(Object.keys(first.body).sort());
    // The old access token keeps working until it expires.
    expect((await getAccounts(world.emulator, "/v2/info", String(first.body.access_token))).status).toBe(200);
  });

  it("a refresh token used with another client is invalid_client; an unknown one invalid_grant", async () => {
    const first = await exchange(await codeFor("olivia@acme.example"));
    const other = await postToken(world.emulator, {
      grant_type: "refresh_token",
      refresh_token: String(first.body.refresh_token),
      client_id: agentClient.clientId,
      client_secret: agentClient.clientSecret,
    });
    expect(other.body.error).toBe("invalid_client");
    const unknown = await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: "nope", client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    expect(unknown.body.error).toBe("invalid_grant");
  });

  it("keeps at most 25 access and 25 refresh tokens per client and account, revoking the oldest", async () => {
    const issued = Array.from({ length: 26 }, () => world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID));
    const [oldest, second] = issued;
    expect((await getAccounts(world.emulator, "/v2/info", oldest?.access_token ?? "")).status).toBe(401);
    expect((await getAccounts(world.emulator, "/v2/info", second?.access_token ?? "")).status).toBe(200);
    const refreshOldest = await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: oldest?.refresh_token ?? "", client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    expect(refreshOldest.body.error).toBe("invalid_grant");
    // Another account's tokens are untouched.
    const adam = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID);
    expect((await getAccounts(world.emulator, "/v2/info", adam.access_token)).status).toBe(200);
  });

  it("refreshing 25 times from one refresh token evicts the oldest access token", async () => {
    const first = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID);
    for (let i = 0; i < 25; i += 1) {
      await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: first.refresh_token, client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    }
    expect((await getAccounts(world.emulator, "/v2/info", first.access_token)).status).toBe(401);
  });
});
