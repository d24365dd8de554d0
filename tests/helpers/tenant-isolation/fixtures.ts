// Two organizations, A and B, each with an owner, a normal agent, sealed credentials (the owner's
// holds the worker connection), a bot and a rule — the records the isolation test names across
// tenants. Later features add their own records here so their routes get cross-tenant cases too.
// Session cookies are backed by a server-side session record, as the sign-in callback makes them.
import crypto from "node:crypto";
import { encode } from "next-auth/jwt";
import { getDb, type Db } from "../../../lib/db";
import { sealTokens } from "../../../lib/data/credential-secrets";
import type { EncryptionKey } from "../../../lib/env";
import { BOT_MANAGEMENT_SCOPE_PARAM, SIGN_IN_SCOPE_PARAM } from "../../../lib/livechat/scopes";

export interface MemberFixture {
  userId: string;
  credentialId: string;
  /** `Cookie` header value of a signed-in session with this organization active. */
  cookie: string;
}

export interface OrgFixture {
  orgId: string;
  owner: MemberFixture;
  agent: MemberFixture;
  connectionCredentialId: string;
  botId: string;
  ruleId: string;
}

export interface TenantFixtures {
  a: OrgFixture;
  b: OrgFixture;
}

export const SESSION_COOKIE = "next-auth.session-token";

const SESSION_SECONDS = 7 * 24 * 3600;

/** A signed-in session of `userId`: its server-side record (in `db`, the process-wide database by default) and its cookie. */
export async function createSession(userId: string, orgId: string, secret: string, db: Db = getDb()): Promise<{ sessionId: string; cookie: string }> {
  const sessionId = crypto.randomBytes(32).toString("base64url");
  await db.userSession.create({ data: { id: sessionId, userId, expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000) } });
  const token = await encode({ token: { sub: userId, orgId, sid: sessionId }, secret, maxAge: SESSION_SECONDS });
  return { sessionId, cookie: `${SESSION_COOKIE}=${token}` };
}

/** The `Cookie` header of a new signed-in session of `userId`. */
export async function sessionCookie(userId: string, orgId: string, secret: string, db: Db = getDb()): Promise<string> {
  return (await createSession(userId, orgId, secret, db)).cookie;
}

async function member(db: Db, input: { orgId: string; tag: string; role: string; scopes: string; secret: string; keyring: readonly EncryptionKey[] }) {
  const user = await db.user.create({
    data: { accountId: `${input.tag}-account`, email: `${input.tag}@example.test`, name: input.tag },
  });
  await db.membership.create({ data: { userId: user.id, orgId: input.orgId, role: input.role } });
  const id = `${input.tag}-credential`;
  await db.credential.create({
    data: {
      id,
      userId: user.id,
      orgId: input.orgId,
      ...sealTokens(id, { accessToken: `dal:${input.tag}-access`, refreshToken: `${input.tag}-refresh` }, input.keyring),
      accessTokenExpiresAt: new Date(Date.now() + 8 * 3600_000),
      scopes: input.scopes,
    },
  });
  return { userId: user.id, credentialId: id, cookie: await sessionCookie(user.id, input.orgId, input.secret, db) };
}

async function organization(db: Db, tag: string, secret: string, keyring: readonly EncryptionKey[]): Promise<OrgFixture> {
  const org = await db.organization.create({ data: { livechatOrganizationId: `${tag}-livechat-org`, name: `Organization ${tag}` } });
  const owner = await member(db, { orgId: org.id, tag: `${tag}-owner`, role: "owner", scopes: BOT_MANAGEMENT_SCOPE_PARAM, secret, keyring });
  const agent = await member(db, { orgId: org.id, tag: `${tag}-agent`, role: "normal", scopes: SIGN_IN_SCOPE_PARAM, secret, keyring });
  await db.organization.update({ where: { id: org.id }, data: { connectionCredentialId: owner.credentialId } });
  const bot = await db.bot.create({ data: { orgId: org.id, livechatBotId: `${tag}-livechat-bot`, name: `Bot ${tag}` } });
  const rule = await db.rule.create({ data: { orgId: org.id, botId: bot.id, position: 0, name: `Rule ${tag}`, definition: "{}" } });
  return { orgId: org.id, owner, agent, connectionCredentialId: owner.credentialId, botId: bot.id, ruleId: rule.id };
}

export async function seedTenantFixtures(db: Db, options: { secret: string; keyring: readonly EncryptionKey[] }): Promise<TenantFixtures> {
  return {
    a: await organization(db, "a", options.secret, options.keyring),
    b: await organization(db, "b", options.secret, options.keyring),
  };
}

/** Every row of every table (secret columns included), to prove that refused calls changed nothing. */
export async function snapshotDatabase(db: Db): Promise<unknown> {
  return {
    users: await db.user.findMany({ orderBy: { id: "asc" } }),
    sessions: await db.userSession.findMany({ orderBy: { id: "asc" } }),
    // Activity and LiveChat's confirmation of a member who passes the check are not changes of data.
    memberships: await db.membership.findMany({ orderBy: { id: "asc" }, omit: { lastActiveAt: true, accessCheckedAt: true, updatedAt: true } }),
    organizations: await db.organization.findMany({ orderBy: { id: "asc" } }),
    credentials: await db.credential.findMany({ orderBy: { id: "asc" }, omit: { accessTokenEnc: false, refreshTokenEnc: false } }),
    bots: await db.bot.findMany({ orderBy: { id: "asc" }, omit: { secretEnc: false } }),
    rules: await db.rule.findMany({ orderBy: { id: "asc" } }),
    chatStates: await db.chatState.findMany({ orderBy: { id: "asc" } }),
    handledEvents: await db.handledEvent.findMany({ orderBy: { id: "asc" } }),
    activities: await db.activity.findMany({ orderBy: { id: "asc" } }),
    auditLogs: await db.auditLog.findMany({ orderBy: { id: "asc" } }),
    leases: await db.orgLease.findMany({ orderBy: { orgId: "asc" } }),
    connections: await db.orgConnection.findMany({ orderBy: { orgId: "asc" } }),
  };
}
