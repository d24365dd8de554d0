// The sign-in and session tests' world: the emulator over HTTP, a real database (SQLite or
// PostgreSQL), the dashboard's configuration pointing at both, and the route handlers called as
// Next.js calls them — the organization API and `/api/auth/*` (next-auth included: it reads
// `next/headers` through `require`, so the stand-in is put into Node's module cache as well).
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { NextRequest } from "next/server";
import { backgroundWorkIdle } from "../../../lib/auth/after-response";
import { handleAuthRequest } from "../../../lib/auth/auth-route";
import { getDb } from "../../../lib/db";
import { recordSignIn } from "../../../lib/data/sign-in";
import { webEnv } from "../../../lib/env";
import { BOT_MANAGEMENT_SCOPE_PARAM, SIGN_IN_SCOPE_PARAM } from "../../../lib/livechat/scopes";
import { createRateLimits, postgresRateLimitStore, rateLimits } from "../../../lib/rate-limit/rate-limits";
import { buildDemoSeed, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator, type Emulator } from "../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../helpers/default-db";
import { createSession } from "../../helpers/tenant-isolation/fixtures";
import { nextHeaders, setRequest } from "../../helpers/tenant-isolation/next-headers";
import { installRateLimits } from "../../helpers/tenant-isolation/rate-limits";
import { signInInput } from "./support";

export const APP_URL = "http://127.0.0.1:3998";
export const CALLBACK_URL = `${APP_URL}/api/auth/callback/livechat`;

const nodeRequire = createRequire(import.meta.url);
Object.assign(nodeRequire("next/headers") as Record<string, unknown>, { cookies: nextHeaders.cookies, headers: nextHeaders.headers });

type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Member {
  userId: string;
  orgId: string;
  credentialId: string;
  sessionId: string;
  cookie: string;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  params?: Record<string, string>;
  body?: unknown;
  /** Default: the member's session cookie. */
  cookie?: string | null;
}

/** A browser's cookies as `Set-Cookie` left them. */
export class CookieJar {
  private readonly values = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=thu, 01 jan 1970/i.test(attribute));
      if (expired || pair.slice(index + 1) === "") this.values.delete(name);
      else this.values.set(name, pair.slice(index + 1));
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  header(extra = ""): string {
    return [...[...this.values].map(([name, value]) => `${name}=${value}`), extra].filter(Boolean).join("; ");
  }
}

export interface AuthCallOptions {
  cookie?: string;
  /** Form fields (POST). */
  form?: Record<string, string>;
  query?: Record<string, string>;
  /** The client address the proxy reports (`X-Forwarded-For`). */
  ip?: string;
}

export interface AuthWorld {
  provider: TestProvider;
  emulator: Emulator;
  database: TestDatabase;
  /** Signs `email` in as the OAuth callback records it, with a server-side session and its cookie. */
  signIn(email: string, options?: { botManagement?: boolean }): Promise<Member>;
  call<T = Record<string, unknown>>(handler: RouteHandler, method: string, member: Member | null, options?: CallOptions): Promise<Answer<T>>;
  /** `/api/auth/<segments>` through the app's handler. */
  auth(method: "GET" | "POST", segments: string[], options?: AuthCallOptions): Promise<Response>;
  /** The whole LiveChat sign-in through the app's routes and the emulator; the browser's cookies after it. */
  oauthSignIn(email: string, options?: { jar?: CookieJar; ip?: string; callbackUrl?: string }): Promise<{ jar: CookieJar; landing: Response }>;
  close(): Promise<void>;
}

let configured: { secret: string; keys: string } | undefined;

/** The dashboard's configuration, once per test file (lib/env reads it once). */
function configure(emulator: Emulator): { secret: string } {
  configured ??= { secret: crypto.randomBytes(32).toString("base64url"), keys: `k1:${crypto.randomBytes(32).toString("base64")}` };
  Object.assign(process.env, {
    NEXTAUTH_URL: APP_URL,
    NEXTAUTH_SECRET: configured.secret,
    LIVECHAT_CLIENT_ID: DEMO_CLIENT_ID,
    LIVECHAT_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    LIVECHAT_ACCOUNTS_URL: emulator.url,
    LIVECHAT_API_URL: emulator.url,
    TOKEN_ENCRYPTION_KEYS: configured.keys,
    LOG_LEVEL: "error",
  });
  return configured;
}

export async function startEmulatorForAuth(): Promise<Emulator> {
  // Many sign-ins in a row: lift LiveChat's "more than 3 redirects in 30 s" guard (livechat-api.md 1.9).
  return startEmulator({ seed: buildDemoSeed([CALLBACK_URL]), timings: { authorizeRedirectLimit: 1_000 } });
}

export async function startAuthWorld(provider: TestProvider, emulator: Emulator): Promise<AuthWorld> {
  const { secret } = configure(emulator);
  const database = await createTestDatabase(provider);
  makeDefaultDb(database);
  installRateLimits(createRateLimits(provider === "postgresql" ? postgresRateLimitStore(database.url) : { kind: "memory" }));
  const env = webEnv();

  async function auth(method: "GET" | "POST", segments: string[], options: AuthCallOptions = {}): Promise<Response> {
    const url = new URL(`${APP_URL}/api/auth/${segments.join("/")}`);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const headers = new Headers({ "x-forwarded-for": options.ip ?? "203.0.113.10" });
    if (options.cookie) headers.set("cookie", options.cookie);
    if (method === "POST") headers.set("content-type", "application/x-www-form-urlencoded");
    setRequest({ cookie: options.cookie, "x-forwarded-for": headers.get("x-forwarded-for") ?? undefined });
    const body = method === "POST" ? new URLSearchParams(options.form ?? {}).toString() : undefined;
    return handleAuthRequest(new NextRequest(url, { method, headers, body }), { params: Promise.resolve({ nextauth: segments }) });
  }

  return {
    provider,
    emulator,
    database,
    async signIn(email, options = {}) {
      const scopes = options.botManagement ? BOT_MANAGEMENT_SCOPE_PARAM : SIGN_IN_SCOPE_PARAM;
      const signedIn = await recordSignIn(getDb(), await signInInput(emulator, email, { scopes, keyring: env.TOKEN_ENCRYPTION_KEYS }));
      const session = await createSession(signedIn.userId, signedIn.orgId, secret, database.db);
      return { userId: signedIn.userId, orgId: signedIn.orgId, credentialId: signedIn.credentialId, ...session };
    },
    async call(handler, method, member, options = {}) {
      const params = { ...(member ? { orgId: member.orgId } : {}), ...options.params };
      const headers = new Headers({ accept: "application/json" });
      const cookie = options.cookie === undefined ? member?.cookie : options.cookie;
      if (cookie) headers.set("cookie", cookie);
      if (method !== "GET") headers.set("origin", APP_URL);
      let body: string | undefined;
      if (options.body !== undefined) {
        headers.set("content-type", "application/json");
        body = JSON.stringify(options.body);
      }
      const request = new Request(`${APP_URL}/api/orgs/${params.orgId ?? "unknown"}`, { method, headers, body });
      const response = await handler(request, { params: Promise.resolve(params) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as never };
    },
    auth,
    async oauthSignIn(email, options = {}) {
      const jar = options.jar ?? new CookieJar();
      const ip = options.ip;
      const csrf = await auth("GET", ["csrf"], { cookie: jar.header(), ip });
      jar.take(csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const started = await auth("POST", ["signin", "livechat"], {
        cookie: jar.header(),
        ip,
        form: { csrfToken, callbackUrl: options.callbackUrl ?? "/", json: "true" },
      });
      jar.take(started);
      const { url } = (await started.json()) as { url?: string };
      if (!url) throw new Error(`The sign-in did not start (${started.status})`);
      const authorize = new URL(url);
      authorize.searchParams.set("login_as", email);
      const approved = await fetch(authorize, { redirect: "manual" });
      const callback = new URL(approved.headers.get("location") ?? "");
      const landing = await auth("GET", ["callback", "livechat"], { cookie: jar.header(), ip, query: Object.fromEntries(callback.searchParams) });
      jar.take(landing);
      return { jar, landing };
    },
    async close() {
      await backgroundWorkIdle();
      await rateLimits().close();
      delete (globalThis as { __botdeskRateLimits?: unknown }).__botdeskRateLimits;
      delete (globalThis as { __botdeskDb?: unknown }).__botdeskDb;
      await database.drop();
    },
  };
}
