// Token introspection, revocation and the Global Accounts API (livechat-api.md 1.7, 1.8, 1.10).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from "@/tests/emulator";
import { DEMO_ACCOUNTS, startWorld, type World } from "./support/fixtures";
import { getAccounts, postToken } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

describe("GET /v2/info", () => {
  it("describes a token given as bearer or as ?code=", async () => {
    const tokens = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID);
    const info = await getAccounts(world.emulator, "/v2/info", tokens.access_token);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      access_token: tokens.access_token,
      account_id: DEMO_ACCOUNTS.owner.accountId,
      client_id: DEMO_CLIENT_ID,
      organization_id: world.orgId,
      token_type: "Bearer",
    });
    expect(info.body.expires_in).toBeGreaterThan(28_000);
    const byQuery = await getAccounts(world.emulator, `/v2/info?code=${encodeURIComponent(tokens.access_token)}`, null);
    expect(byQuery.body.account_id).toBe(DEMO_ACCOUNTS.owner.accountId);
  });

  it("answers 401 unauthorized for unknown and expired tokens", async () => {
    expect((await getAccounts(world.emulator, "/v2/info", "dal:nope")).body.error).toBe("unauthorized");
    const tokens = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID, { ttlSec: 60 });
    world.emulator.advanceClock(61);
    const expired = await getAccounts(world.emulator, "/v2/info", tokens.access_token);
    expect(expired.status).toBe(401);
  });
});

describe("DELETE /v2/token", () => {
  it("revokes an access token together with its paired refresh token", async () => {
    const tokens = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID);
    const revoked = await getAccounts(world.emulator, "/v2/token", tokens.access_token, "DELETE");
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({});
    expect((await getAccounts(world.emulator, "/v2/info", tokens.access_token)).status).toBe(401);
    const refresh = await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    expect(refresh.body.error).toBe("invalid_grant");
  });

  it("revokes a refresh token given as ?code= and kills the access tokens paired with it", async () => {
    const tokens = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID);
    const result = await getAccounts(world.emulator, `/v2/token?code=${encodeURIComponent(tokens.refresh_token)}`, null, "DELETE");
    expect(result.status).toBe(200);
    expect((await getAccounts(world.emulator, "/v2/info", tokens.access_token)).status).toBe(401);
  });

  it("answers 404 for an unknown token", async () => {
    const result = await getAccounts(world.emulator, "/v2/token", "dal:unknown", "DELETE");
    expect(result.status).toBe(404);
    expect(result.body.error).toBe("resource_not_found");
  });
});

describe("Global Accounts API", () => {
  it("GET /v2/accounts/me returns the account with its LiveChat role", async () => {
    const tokens = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID);
    const me = await getAccounts(world.emulator, "/v2/accounts/me", tokens.access_token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ account_id: DEMO_ACCOUNTS.administrator.accountId, email: "adam@acme.example", name: "Adam Admin", default_organization_id: world.orgId });
    expect(me.body.roles).toContainEqual(expect.objectContaining({ product: "LiveChat", role: "administrator" }));
  });

  it("each LiveChat role is reported: owner and normal", async () => {
    const owner = await getAccounts(world.emulator, "/v2/accounts/me", world.ownerToken);
    expect(owner.body.roles).toContainEqual(expect.objectContaining({ product: "LiveChat", role: "owner" }));
    const nora = world.emulator.issueTokensFor("nora@acme.example", DEMO_CLIENT_ID);
    const normal = await getAccounts(world.emulator, "/v2/accounts/me", nora.access_token);
    expect(normal.body.roles).toContainEqual(expect.objectContaining({ product: "LiveChat", role: "normal" }));
  });

  it("needs accounts--my:ro (403 insufficient_scope) and shows roles only with accounts.roles--all:ro", async () => {
    const noScope = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID, { scopes: ["chats--all:ro"] });
    const refused = await getAccounts(world.emulator, "/v2/accounts/me", noScope.access_token);
    expect(refused.status).toBe(403);
    expect(refused.body.sub_error).toBe("insufficient_scope");
    const noRoles = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID, { scopes: ["accounts--my:ro"] });
    const me = await getAccounts(world.emulator, "/v2/accounts/me", noRoles.access_token);
    expect(me.status).toBe(200);
    expect(me.body.roles).toBeUndefined();
  });

  it("GET /v2/organizations/my names the token's organization", async () => {
    const result = await getAccounts(world.emulator, "/v2/organizations/my", world.adminToken);
    expect(result.body).toMatchObject({ organization_id: world.orgId, name: "Acme Support" });
    const gina = world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID);
    const other = await getAccounts(world.emulator, "/v2/organizations/my", gina.access_token);
    expect(other.body.name).toBe("Globex Help");
  });
});
