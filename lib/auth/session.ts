// The dashboard session: an encrypted next-auth JWT in an HttpOnly cookie that carries only our
// user id (`sub`) and the active organization id. No LiveChat token ever goes into it.
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { z } from "zod";
import { getDb } from "../db";
import { getUserById, type SessionUser } from "../data/users";
import { authConfig } from "./config";

export const SessionClaimsSchema = z.object({
  sub: z.string().min(1),
  orgId: z.string().min(1).nullable().default(null),
  exp: z.number().optional(),
});
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

export interface SignedInUser extends SessionUser {
  activeOrgId: string | null;
}

type CookieLookup = (name: string) => string | undefined;

/** next-auth splits cookies over 4 KB into `name.0`, `name.1`…; ours stay small, but read both forms. */
function readChunked(lookup: CookieLookup, names: string[], name: string): string | undefined {
  const whole = lookup(name);
  if (whole) return whole;
  const chunks = names
    .filter((candidate) => candidate.startsWith(`${name}.`))
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

async function userFromClaims(claims: SessionClaims | null): Promise<SignedInUser | null> {
  if (!claims) return null;
  const user = await getUserById(getDb(), claims.sub);
  return user ? { ...user, activeOrgId: claims.orgId } : null;
}

/** Pages and server actions: the signed-in user, or null. */
export async function getSessionUser(): Promise<SignedInUser | null> {
  const store = await cookies();
  const names = store.getAll().map((cookie) => cookie.name);
  const token = readChunked((name) => store.get(name)?.value, names, authConfig().cookies.sessionToken.name);
  return userFromClaims(await decodeSessionToken(token));
}

export function parseCookieHeader(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!jar.has(name)) jar.set(name, decodeURIComponent(part.slice(index + 1).trim()));
  }
  return jar;
}

/** Route handlers: the signed-in user of this request, or null. */
export async function getSessionUserFromRequest(request: Request): Promise<SignedInUser | null> {
  const jar = parseCookieHeader(request.headers.get("cookie"));
  const token = readChunked((name) => jar.get(name), [...jar.keys()], authConfig().cookies.sessionToken.name);
  return userFromClaims(await decodeSessionToken(token));
}

/** Makes `orgId` the active organization of the current session (server actions only). */
export async function setActiveOrganization(orgId: string): Promise<void> {
  const config = authConfig();
  const store = await cookies();
  const claims = await decodeSessionToken(store.get(config.cookies.sessionToken.name)?.value);
  if (!claims) return;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const maxAge = Math.max(60, (claims.exp ?? nowSeconds + config.sessionMaxAgeSeconds) - nowSeconds);
  const token = await encode({ token: { sub: claims.sub, orgId }, secret: config.secret, maxAge });
  store.set(config.cookies.sessionToken.name, token, { ...config.cookies.sessionToken.options, maxAge });
}
