// The dashboard session: an encrypted next-auth JWT in an HttpOnly cookie that carries our user id
// (`sub`), the active organization id and the id of its server-side record (`sid`, lib/data/sessions.ts).
// No LiveChat token ever goes into it. The record decides: a revoked, expired or unknown one is no
// session, whatever the cookie says. Its end (`exp`) is absolute: re-encoding never moves it.
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { z } from "zod";
import { getDb } from "../db";
import { getUserSession } from "../data/sessions";
import type { SessionUser } from "../data/users";
import { authConfig } from "./config";
import { parseCookieHeader } from "./cookies";
import type { SessionEnd } from "./session-end";

export const SessionClaimsSchema = z.object({
  sub: z.string().min(1),
  orgId: z.string().min(1).nullable().default(null),
  sid: z.string().min(1).max(100),
  exp: z.number().int(),
});
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

export interface SignedInUser extends SessionUser {
  activeOrgId: string | null;
  sessionId: string;
}

/** The signed-in user, or why there is none (`ended: null`: there never was a session here). */
export type SessionLookup = { user: SignedInUser; expiresAt: Date } | { user: null; ended: SessionEnd | null };

const SIGNED_OUT: SessionLookup = { user: null, ended: null };

type CookieLookup = (name: string) => string | undefined;

/** next-auth splits cookies over 4 KB into `name.0`, `name.1`…; ours stay small, but read both forms. */
function readChunked(lookup: CookieLookup, names: string[], name: string): string | undefined {
  const whole = lookup(name);
  if (whole) return whole;
  const chunks = names
    .filter((candidate) => /^\d+$/.test(candidate.slice(name.length + 1)) && candidate.startsWith(`${name}.`))
    .sort((a, b) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
  return chunks.length > 0 ? chunks.map((chunk) => lookup(chunk) ?? "").join("") : undefined;
}

export async function decodeSessionToken(token: string | undefined): Promise<SessionClaims | null> {
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: authConfig().secret });
    const claims = SessionClaimsSchema.safeParse(payload);
    return claims.success ? claims.data : null;
  } catch {
    return null; // altered, expired or made with another secret: simply not signed in
  }
}

/** Encodes the claims with their own `exp`: the cookie never outlives the session it started with. */
export async function encodeSessionToken(claims: SessionClaims): Promise<string> {
  const maxAge = Math.max(0, claims.exp - Math.floor(Date.now() / 1000));
  return encode({ token: { sub: claims.sub, orgId: claims.orgId, sid: claims.sid }, secret: authConfig().secret, maxAge });
}

async function lookupClaims(claims: SessionClaims | null): Promise<SessionLookup> {
  if (!claims) return SIGNED_OUT;
  const stored = await getUserSession(getDb(), { sessionId: claims.sid, userId: claims.sub, now: new Date() });
  switch (stored.state) {
    case "active":
      return { user: { ...stored.user, activeOrgId: claims.orgId, sessionId: claims.sid }, expiresAt: stored.expiresAt };
    case "revoked":
      return { user: null, ended: stored.reason };
    case "expired":
      return { user: null, ended: "expired" };
    case "unknown":
      return SIGNED_OUT;
  }
}

async function sessionTokenFromStore(): Promise<string | undefined> {
  const store = await cookies();
  const names = store.getAll().map((cookie) => cookie.name);
  return readChunked((name) => store.get(name)?.value, names, authConfig().cookies.sessionToken.name);
}

export function sessionTokenFromRequest(request: Request): string | undefined {
  const jar = parseCookieHeader(request.headers.get("cookie"));
  return readChunked((name) => jar.get(name), [...jar.keys()], authConfig().cookies.sessionToken.name);
}

/** Pages and server actions: the session of this request. */
export async function readSession(): Promise<SessionLookup> {
  return lookupClaims(await decodeSessionToken(await sessionTokenFromStore()));
}

/** Route handlers: the session of this request. */
export async function readSessionFromRequest(request: Request): Promise<SessionLookup> {
  return lookupClaims(await decodeSessionToken(sessionTokenFromRequest(request)));
}

/** Pages and server actions: the signed-in user, or null. */
export async function getSessionUser(): Promise<SignedInUser | null> {
  return (await readSession()).user;
}

/** Makes `orgId` the active organization of the current session (server actions only). */
export async function setActiveOrganization(orgId: string): Promise<void> {
  const config = authConfig();
  const store = await cookies();
  const claims = await decodeSessionToken(await sessionTokenFromStore());
  if (!claims) return;
  const maxAge = Math.max(0, claims.exp - Math.floor(Date.now() / 1000));
  store.set(config.cookies.sessionToken.name, await encodeSessionToken({ ...claims, orgId }), { ...config.cookies.sessionToken.options, maxAge });
}
