// Route handlers called as Next.js calls them, on SQLite or PostgreSQL, against the LiveChat
// emulator over HTTP, with members signed in through the same code the OAuth callback runs (as
// tests/integration/bots/support/route-world.ts, which is SQLite only). Bodies can be sent as
// bytes, with or without `content-length`, or streamed in chunks, counting what the handler read.
import crypto from "node:crypto";
import { getDb } from "../../../../lib/db";
import { recordSignIn } from "../../../../lib/data/sign-in";
import { webEnv } from "../../../../lib/env";
import { BOT_MANAGEMENT_SCOPE_PARAM, SIGN_IN_SCOPE_PARAM } from "../../../../lib/livechat/scopes";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator, type Emulator, type SeedInput } from "../../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../../helpers/default-db";
import { sessionCookie } from "../../../helpers/tenant-isolation/fixtures";
import { signInInput } from "../../auth/support";

export const APP_URL = "http://127.0.0.1:3998";

export type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    reason?: string;
    details?: { errors: Array<{ ruleIndex?: number; ruleName?: string; field: string; message: string }>; moreErrors?: number };
  };
}

export interface Answer<T = ErrorBody> {
  status: number;
  body: T;
  /** Wall-clock time the handler took to answer. */
  ms: number;
}

export interface Member {
  userId: string;
  orgId: string;
  cookie: string;
}

/** A body of `total` bytes produced in `chunkSize` chunks on demand; counts what was pulled. */
export class CountingBody {
  pulled = 0;
  isCancelled = false;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(
    readonly total: number,
    readonly chunkSize = 64 * 1024,
    fill = 0x20,
  ) {
    const chunk = new Uint8Array(chunkSize).fill(fill);
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: (controller) => {
          const size = Math.min(chunkSize, this.total - this.pulled);
          if (size <= 0) {
            controller.close();
            return;
          }
          this.pulled += size;
          controller.enqueue(size === chunkSize ? chunk.slice() : chunk.slice(0, size));
        },
        cancel: () => {
          this.isCancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
  }
}

export interface RequestOptions {
  method: string;
  params?: Record<string, string>;
  member?: Member | null;
  /** JSON (stringified), raw bytes, or a streamed body without `content-length`. */
  json?: unknown;
  bytes?: Uint8Array;
  stream?: ReadableStream<Uint8Array>;
  /** Sent as `content-length` (default: the length of `json`/`bytes`, none for a stream). */
  contentLength?: number;
}

/** A Request as Next.js hands it to a route handler. */
export function buildRequest(options: RequestOptions): Request {
  const headers = new Headers({ accept: "application/json", origin: APP_URL });
  if (options.member) headers.set("cookie", options.member.cookie);
  let body: BodyInit | undefined;
  let length: number | undefined;
  if (options.json !== undefined) {
    const bytes = new TextEncoder().encode(JSON.stringify(options.json));
    body = bytes;
    length = bytes.byteLength;
  } else if (options.bytes) {
    body = options.bytes as Uint8Array<ArrayBuffer>;
    length = options.bytes.byteLength;
  } else if (options.stream) body = options.stream;
  if (body !== undefined) headers.set("content-type", "application/json");
  const declared = options.contentLength ?? length;
  if (declared !== undefined) headers.set("content-length", String(declared));
  return new Request(`${APP_URL}/api/test`, { method: options.method, headers, body, ...(options.stream ? { duplex: "half" } : {}) } as RequestInit);
}

export async function callRoute<T = ErrorBody>(handler: RouteHandler, options: RequestOptions): Promise<Answer<T>> {
  const params = { ...(options.member ? { orgId: options.member.orgId } : {}), ...options.params };
  const started = performance.now();
  const response = await handler(buildRequest(options), { params: Promise.resolve(params) });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, ms };
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

export interface World {
  emulator: Emulator;
  database: TestDatabase;
  signIn(email: string, options?: { botManagement?: boolean }): Promise<Member>;
  close(): Promise<void>;
}

export async function startWorld(provider: TestProvider, seed: SeedInput): Promise<World> {
  const emulator = await startEmulator({ seed });
  const database = await createTestDatabase(provider);
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
