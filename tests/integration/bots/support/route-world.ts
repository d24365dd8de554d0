// Calling the organization API's route handlers directly, as Next.js would: a real emulator over
// HTTP, a real SQLite database, users signed in through the same code the OAuth callback runs,
// and a session cookie the app itself would have set.
import crypto from "node:crypto";
import { getDb } from "../../../../lib/db";
import { recordSignIn } from "../../../../lib/data/sign-in";
import { BOT_MANAGEMENT_SCOPE_PARAM, SIGN_IN_SCOPE_PARAM } from "../../../../lib/livechat/scopes";
import { webEnv } from "../../../../lib/env";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator, type Emulator, type SeedInput } from "../../../emulator";
import { createTestDatabase, type TestDatabase } from "../../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../../helpers/default-db";
import { sessionCookie } from "../../../helpers/tenant-isolation/fixtures";
import { signInInput } from "../../auth/support";

export const APP_URL = "http://127.0.0.1:3999";

type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  params?: Record<string, string>;
  body?: unknown;
  /** Raw body text instead of JSON. */
  rawBody?: string;
  /** Default: the app's own origin on state-changing requests. */
  origin?: string | null;
  /** Default: the session's cookie. */
  cookie?: string | null;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Member {
  userId: string;
  orgId: string;
  cookie: string;
}

export interface RouteWorld {
  emulator: Emulator;
  database: TestDatabase;
  /** Signs `email` in (with bot management access when asked), as the OAuth callback would. */
  signIn(email: string, options?: { botManagement?: boolean }): Promise<Member>;
  call<T = Record<string, unknown>>(handler: RouteHandler, method: string, member: Member | null, options?: CallOptions): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

const ENV_KEYS = [
  "DATABASE_URL",
  "NEXTAUTH_URL",
  "NEXTAUTH_SECRET",
  "LIVECHAT_CLIENT_ID",
  "LIVECHAT_CLIENT_SECRET",
  "LIVECHAT_ACCOUNTS_URL",
  "LIVECHAT_API_URL",
  "TOKEN_ENCRYPTION_KEYS",
  "LOG_LEVEL",
] as const;

export async function startRouteWorld(seed: SeedInput): Promise<RouteWorld> {
  const emulator = await startEmulator({ seed });
  const database = await createTestDatabase("sqlite");
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    NEXTAUTH_URL: APP_URL,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    LIVECHAT_CLIENT_ID: DEMO_CLIENT_ID,
    LIVECHAT_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    LIVECHAT_ACCOUNTS_URL: emulator.url,
    LIVECHAT_API_URL: emulator.url,
    TOKEN_ENCRYPTION_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
    LOG_LEVEL: "error",
  });
  // The route handlers use the process-wide client: this file's database.
  makeDefaultDb(database);
  const env = webEnv();

  return {
    emulator,
    database,
    async signIn(email, options = {}) {
      const scopes = options.botManagement ? BOT_MANAGEMENT_SCOPE_PARAM : SIGN_IN_SCOPE_PARAM;
      const input = await signInInput(emulator, email, { scopes, keyring: env.TOKEN_ENCRYPTION_KEYS });
      const signedIn = await recordSignIn(getDb(), input);
      return { userId: signedIn.userId, orgId: signedIn.orgId, cookie: await sessionCookie(signedIn.userId, signedIn.orgId, env.NEXTAUTH_SECRET) };
    },
    async call(handler, method, member, options = {}) {
      const params = { ...(member ? { orgId: member.orgId } : {}), ...options.params };
      const headers = new Headers({ accept: "application/json" });
      const cookie = options.cookie === undefined ? member?.cookie : options.cookie;
      if (cookie) headers.set("cookie", cookie);
      const origin = options.origin === undefined ? (method === "GET" ? null : APP_URL) : options.origin;
      if (origin) headers.set("origin", origin);
      let body: string | undefined;
      if (options.rawBody !== undefined || options.body !== undefined) {
        headers.set("content-type", "application/json");
        body = options.rawBody ?? JSON.stringify(options.body);
      }
      const request = new Request(`${APP_URL}/api/orgs/${params.orgId ?? "unknown"}`, { method, headers, body });
      const response = await handler(request, { params: Promise.resolve(params) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as never };
    },
    async close() {
      delete (globalThis as { __botdeskDb?: unknown }).__botdeskDb;
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await database.drop();
      await emulator.close();
    },
  };
}
