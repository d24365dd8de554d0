// The only module that reads process.env. Web (Next.js), worker, scripts and prisma.config.ts
// all get their configuration from here, validated with zod; a missing or malformed value
// stops the process with a message that names the variable.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const DEFAULT_DATABASE_URL = "file:./data/app.db";

/** Plain Node processes (worker, scripts) read .env.local and .env like Next.js does; real env vars win. */
function loadEnvFiles(): void {
  for (const name of [".env.local", ".env"]) {
    const file = path.join(/*turbopackIgnore: true*/ process.cwd(), name);
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}
loadEnvFiles();

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema);
const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((value) => value.replace(/\/+$/, ""));

const databaseUrl = z
  .string()
  .refine((value) => /^(file:|postgres(ql)?:\/\/)/.test(value), {
    error: "must be a SQLite `file:` URL or a `postgresql://` URL",
  });

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const keyring = z.string().transform((value, ctx): EncryptionKey[] => {
  const keys: EncryptionKey[] = [];
  for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    const key = match ? Buffer.from(match[2]!, "base64") : undefined;
    if (!match || !key || key.length !== 32) {
      ctx.addIssue({ code: "custom", message: "each entry must be `kid:base64key` with a 32-byte key" });
      return z.NEVER;
    }
    if (keys.some((existing) => existing.id === match[1])) {
      ctx.addIssue({ code: "custom", message: `key id "${match[1]}" appears twice` });
      return z.NEVER;
    }
    keys.push({ id: match[1]!, key });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: "custom", message: "needs at least one key" });
    return z.NEVER;
  }
  return keys;
});

const schema = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"]).default("development")),
  DATABASE_URL: optional(databaseUrl.default(DEFAULT_DATABASE_URL)),
  NEXTAUTH_URL: httpUrl,
  NEXTAUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }),
  LIVECHAT_CLIENT_ID: z.string().min(1),
  LIVECHAT_CLIENT_SECRET: z.string().min(1),
  LIVECHAT_ACCOUNTS_URL: optional(httpUrl.default("https://accounts.livechat.com")),
  LIVECHAT_API_URL: optional(httpUrl.default("https://api.livechatinc.com")),
  TOKEN_ENCRYPTION_KEYS: keyring,
  WORKER_ID: optional(z.string().min(1).max(100).optional()),
  WORKER_HEALTH_PORT: optional(z.coerce.number().int().min(0).max(65535).default(3001)),
  /**
   * Address /healthz listens on. Loopback by default, so only the machine's own supervisor reaches
   * it; `0.0.0.0` (or `::`) exposes it, e.g. to a container orchestrator's probe.
   */
  WORKER_HEALTH_HOST: optional(
    z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: "must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name" }).default("127.0.0.1"),
  ),
  WORKER_CATCH_UP_WINDOW_SECONDS: optional(z.coerce.number().int().min(0).default(600)),
  // Worker tuning. The defaults follow LiveChat's rules (livechat-api.md 4.3) and the reliability
  // goals; tests and the bench shorten them.
  /** livechat-api.md 4.3: ping at least every 15 s after login. */
  WORKER_PING_INTERVAL_MS: optional(z.coerce.number().int().min(50).max(15_000).default(15_000)),
  /**
   * livechat-api.md 4.3: keep the RTM connection alive with websocket control-frame pings (free) or
   * also with the `ping` action (a billed request every ping, 10.1).
   */
  WORKER_KEEPALIVE: optional(z.enum(["control_frame", "ping_action"]).default("control_frame")),
  /** livechat-api.md 4.3: the server closes a socket not logged in within 30 s; we give up sooner. */
  WORKER_LOGIN_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(30_000).default(10_000)),
  /**
   * Without webhooks only: how often to list chats for bot chats not followed yet (livechat-api.md
   * 4.8), and only while a bot accepts chats inside its work schedule. Each listing is a billed request.
   */
  WORKER_CHAT_SYNC_INTERVAL_MS: optional(z.coerce.number().int().min(100).default(5_000)),
  /** With webhooks: how often to reconcile the followed chats with `list_chats` (besides after each connect). */
  WORKER_RECONCILE_INTERVAL_SECONDS: optional(z.coerce.number().int().min(1).max(86_400).default(600)),
  /** SQLite: how often to look for new webhook deliveries in the inbox (local reads cost nothing). */
  WORKER_INBOX_POLL_INTERVAL_MS: optional(z.coerce.number().int().min(10).max(250).default(250)),
  /**
   * Where LiveChat delivers bot webhooks (livechat-api.md 7). Default: NEXTAUTH_URL +
   * /api/livechat/webhooks. `off`: no webhooks; the worker then finds bot chats by listing them.
   */
  LIVECHAT_WEBHOOK_URL: optional(z.union([z.literal("off"), httpUrl]).optional()),
  /** Bearer token for the dashboard's GET /api/metrics (Prometheus); unset: the endpoint answers 404. */
  METRICS_TOKEN: optional(z.string().min(16, { error: "must be at least 16 characters" }).optional()),
  /** livechat-api.md 10.1: the private-app price the Worker page estimates costs with, USD per 1,000 requests. */
  LIVECHAT_PRICE_PER_1000_REQUESTS_USD: optional(z.coerce.number().min(0).default(0.27)),
  /** Reconnect backoff: full jitter, base and cap. */
  WORKER_BACKOFF_BASE_MS: optional(z.coerce.number().int().min(1).default(1_000)),
  WORKER_BACKOFF_CAP_MS: optional(z.coerce.number().int().min(1).default(30_000)),
  /** Organization lease lifetime; renewed every third of it, taken over after it runs out. */
  WORKER_LEASE_TTL_MS: optional(z.coerce.number().int().min(300).default(15_000)),
  /** Refresh the organization's access token this long before it expires (livechat-api.md 4.3). */
  WORKER_TOKEN_REFRESH_MARGIN_SECONDS: optional(z.coerce.number().int().min(1).default(900)),
  /** SQLite: how often to look for changed rules and bots. */
  WORKER_CONFIG_POLL_INTERVAL_MS: optional(z.coerce.number().int().min(50).max(1_000).default(1_000)),
  /** SIGTERM: how long in-flight replies may take before sockets close. */
  WORKER_DRAIN_TIMEOUT_MS: optional(z.coerce.number().int().min(0).default(5_000)),
  /** Most organizations one worker holds. */
  WORKER_MAX_ORGANIZATIONS: optional(z.coerce.number().int().min(1).default(2_000)),
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error"]).default("info")),
});

export type Env = z.infer<typeof schema>;

const webKeys = {
  NODE_ENV: true,
  DATABASE_URL: true,
  NEXTAUTH_URL: true,
  NEXTAUTH_SECRET: true,
  LIVECHAT_CLIENT_ID: true,
  LIVECHAT_CLIENT_SECRET: true,
  LIVECHAT_ACCOUNTS_URL: true,
  LIVECHAT_API_URL: true,
  TOKEN_ENCRYPTION_KEYS: true,
  LIVECHAT_WEBHOOK_URL: true,
  LIVECHAT_PRICE_PER_1000_REQUESTS_USD: true,
  METRICS_TOKEN: true,
  LOG_LEVEL: true,
} as const;

const workerKeys = {
  NODE_ENV: true,
  DATABASE_URL: true,
  LIVECHAT_CLIENT_ID: true,
  LIVECHAT_CLIENT_SECRET: true,
  LIVECHAT_ACCOUNTS_URL: true,
  LIVECHAT_API_URL: true,
  TOKEN_ENCRYPTION_KEYS: true,
  WORKER_ID: true,
  WORKER_HEALTH_PORT: true,
  WORKER_HEALTH_HOST: true,
  WORKER_CATCH_UP_WINDOW_SECONDS: true,
  WORKER_PING_INTERVAL_MS: true,
  WORKER_KEEPALIVE: true,
  WORKER_LOGIN_TIMEOUT_MS: true,
  WORKER_CHAT_SYNC_INTERVAL_MS: true,
  WORKER_RECONCILE_INTERVAL_SECONDS: true,
  WORKER_INBOX_POLL_INTERVAL_MS: true,
  WORKER_BACKOFF_BASE_MS: true,
  WORKER_BACKOFF_CAP_MS: true,
  WORKER_LEASE_TTL_MS: true,
  WORKER_TOKEN_REFRESH_MARGIN_SECONDS: true,
  WORKER_CONFIG_POLL_INTERVAL_MS: true,
  WORKER_DRAIN_TIMEOUT_MS: true,
  WORKER_MAX_ORGANIZATIONS: true,
  LOG_LEVEL: true,
} as const;

export type WebEnv = Pick<Env, keyof typeof webKeys>;
export type WorkerEnv = Pick<Env, keyof typeof workerKeys>;

export class EnvError extends Error {
  override name = "EnvError";
}

function parse<T>(subset: z.ZodType<T>, source: Record<string, string | undefined>): T {
  const result = subset.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "environment");
    const message = source[variable] === undefined ? "is not set" : issue.message;
    return `  - ${variable}: ${message}`;
  });
  throw new EnvError(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
}

let webCache: WebEnv | undefined;
let workerCache: WorkerEnv | undefined;

/** Configuration of the web app (pages, route handlers, next-auth). */
export function webEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  if (source !== process.env) return parse(schema.pick(webKeys), source);
  return (webCache ??= parse(schema.pick(webKeys), source));
}

/** Configuration of the worker process. */
export function workerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  if (source !== process.env) return parse(schema.pick(workerKeys), source);
  return (workerCache ??= parse(schema.pick(workerKeys), source));
}

/** DATABASE_URL alone, for the database module and the migration tooling. */
export function readDatabaseUrl(source: Record<string, string | undefined> = process.env): string {
  return parse(z.object({ DATABASE_URL: optional(databaseUrl.default(DEFAULT_DATABASE_URL)) }), source)
    .DATABASE_URL;
}

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DatabaseProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** `file:./data/app.db` → an absolute path (relative paths are taken from the working directory). */
export function sqliteFilePath(url: string): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.slice("file:".length));
}

/** Whether the process runs in production (cookies get `Secure`, errors stay terse). */
export function isProduction(source: Record<string, string | undefined> = process.env): boolean {
  return source.NODE_ENV === "production";
}
