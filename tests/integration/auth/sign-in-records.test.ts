// What a sign-in records, on both databases, with tokens and profiles from the emulator: one
// workspace per LiveChat organization, the LiveChat role, sealed tokens, the first admin with bot
// management access as the connection, and one kept credential per user (livechat-api.md 1.6).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTokens } from "../../../lib/data/credential-secrets";
import { recordSignIn } from "../../../lib/data/sign-in";
import { BOT_MANAGEMENT_SCOPE_PARAM, SIGN_IN_SCOPE_PARAM } from "../../../lib/livechat/scopes";
import { buildDemoSeed, DEMO_ACCOUNTS, organizationSeed, startEmulator, type Emulator } from "../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { keyring, signInInput } from "./support";

const OWNER = DEMO_ACCOUNTS.owner.email;
const ADMIN = DEMO_ACCOUNTS.administrator.email;
const AGENT = DEMO_ACCOUNTS.agent.email;
const globex = organizationSeed("Globex Help", { agents: [{ name: "Gary Globex", email: "gary@globex.example", role: "owner" }] });

let emulator: Emulator;

beforeAll(async () => {
  const demo = buildDemoSeed();
  emulator = await startEmulator({ seed: { ...demo, organizations: [...demo.organizations, globex] } });
});

afterAll(async () => {
  await emulator?.close();
});

describe.each<TestProvider>(["sqlite", "postgresql"])("recording a sign-in on %s", (provider) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
  });

  afterEach(async () => {
    await database.drop();
  });

  it("creates the user, the organization, a membership with the LiveChat role and a sealed credential", async () => {
    const input = await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM });
    const result = await recordSignIn(database.db, input);
    const user = await database.db.user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user).toMatchObject({ accountId: DEMO_ACCOUNTS.owner.accountId, email: OWNER, name: "Olivia Owner" });
    const org = await database.db.organization.findUniqueOrThrow({ where: { id: result.orgId } });
    expect(org).toMatchObject({ livechatOrganizationId: input.organization.organization_id, name: "Acme Support", connectionCredentialId: null });
    const membership = await database.db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: user.id } });
    expect(membership.role).toBe("owner");
    const credential = await database.db.credential.findFirstOrThrow({
      where: { orgId: org.id, userId: user.id },
      omit: { accessTokenEnc: false, refreshTokenEnc: false },
    });
    expect(credential.accessTokenEnc).not.toContain(input.tokens.accessToken);
    expect(credential.refreshTokenEnc).not.toContain(input.tokens.refreshToken);
    expect(openTokens(credential.id, credential, keyring)).toEqual({ accessToken: input.tokens.accessToken, refreshToken: input.tokens.refreshToken });
    expect(credential).toMatchObject({ status: "active", scopes: SIGN_IN_SCOPE_PARAM });
    expect(result.tokenToRevoke).toBeNull();
  });

  it("puts people of one LiveChat organization in one workspace, and another organization's people elsewhere", async () => {
    const owner = await recordSignIn(database.db, await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM }));
    const agent = await recordSignIn(database.db, await signInInput(emulator, AGENT, { scopes: SIGN_IN_SCOPE_PARAM }));
    const gary = await recordSignIn(database.db, await signInInput(emulator, "gary@globex.example", { scopes: SIGN_IN_SCOPE_PARAM }));
    expect(agent.orgId).toBe(owner.orgId);
    expect(gary.orgId).not.toBe(owner.orgId);
    const roles = await database.db.membership.findMany({ where: { orgId: owner.orgId }, select: { role: true }, orderBy: { role: "asc" } });
    expect(roles.map((row) => row.role)).toEqual(["normal", "owner"]);
  });

  it("makes the first owner or administrator with bot management access the connection, and keeps it", async () => {
    const basic = await recordSignIn(database.db, await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM }));
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: basic.orgId } })).connectionCredentialId).toBeNull();
    const admin = await recordSignIn(database.db, await signInInput(emulator, ADMIN, { scopes: BOT_MANAGEMENT_SCOPE_PARAM }));
    const owner = await recordSignIn(database.db, await signInInput(emulator, OWNER, { scopes: BOT_MANAGEMENT_SCOPE_PARAM }));
    const org = await database.db.organization.findUniqueOrThrow({ where: { id: admin.orgId } });
    expect(org.connectionCredentialId).toBe(admin.credentialId);
    expect(owner.credentialId).not.toBe(admin.credentialId);
  });

  it("never makes a normal agent's credential the connection", async () => {
    const input = await signInInput(emulator, AGENT, { scopes: SIGN_IN_SCOPE_PARAM });
    // Even if LiveChat granted more than it should, the role decides (livechat-api.md 1.10).
    const widened = { ...input, tokens: { ...input.tokens, scopes: BOT_MANAGEMENT_SCOPE_PARAM.split(",") } };
    const result = await recordSignIn(database.db, widened);
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: result.orgId } })).connectionCredentialId).toBeNull();
  });

  it("keeps a working credential that covers the new scopes and hands the new token back for revocation", async () => {
    const first = await recordSignIn(database.db, await signInInput(emulator, OWNER, { scopes: BOT_MANAGEMENT_SCOPE_PARAM }));
    const again = await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM });
    const second = await recordSignIn(database.db, again);
    expect(second.credentialId).toBe(first.credentialId);
    expect(second.tokenToRevoke).toBe(again.tokens.accessToken);
    const credential = await database.db.credential.findUniqueOrThrow({ where: { id: first.credentialId }, omit: { refreshTokenEnc: false, accessTokenEnc: false } });
    expect(credential.scopes).toBe(BOT_MANAGEMENT_SCOPE_PARAM);
    expect(openTokens(credential.id, credential, keyring).refreshToken).not.toBe(again.tokens.refreshToken);
  });

  it("replaces a credential when the new scopes are wider, or when it needs re-authorization", async () => {
    const basicInput = await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM });
    const basic = await recordSignIn(database.db, basicInput);
    const wider = await signInInput(emulator, OWNER, { scopes: BOT_MANAGEMENT_SCOPE_PARAM });
    const upgraded = await recordSignIn(database.db, wider);
    expect(upgraded.credentialId).toBe(basic.credentialId);
    expect(upgraded.tokenToRevoke).toBe(basicInput.tokens.refreshToken);
    await database.db.credential.update({ where: { id: basic.credentialId }, data: { status: "needs_reauth", statusReason: "invalid_grant: revoked" } });
    const fresh = await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM });
    await recordSignIn(database.db, fresh);
    const credential = await database.db.credential.findUniqueOrThrow({ where: { id: basic.credentialId }, omit: { refreshTokenEnc: false, accessTokenEnc: false } });
    expect(credential).toMatchObject({ status: "active", statusReason: null, scopes: SIGN_IN_SCOPE_PARAM });
    expect(openTokens(credential.id, credential, keyring).accessToken).toBe(fresh.tokens.accessToken);
  });

  it("refuses a profile that does not belong to the token", async () => {
    const owner = await signInInput(emulator, OWNER, { scopes: SIGN_IN_SCOPE_PARAM });
    const gary = await signInInput(emulator, "gary@globex.example", { scopes: SIGN_IN_SCOPE_PARAM });
    await expect(recordSignIn(database.db, { ...owner, account: gary.account })).rejects.toThrow(/does not belong/);
    expect(await database.db.user.count()).toBe(0);
  });
});
