// `next start` of the production build on a free port, configured for one test stack.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { ROOT } from "./build";

export interface AppServerOptions {
  port: number;
  databaseUrl: string;
  /** The LiveChat stand-in: both the accounts service and the API. */
  livechatUrl: string;
  clientId: string;
  clientSecret: string;
  /** Extra or overriding variables (e.g. a second encryption key). */
  env?: Record<string, string>;
}

export interface AppServer {
  url: string;
  env: Record<string, string>;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function testEncryptionKeys(): string {
  return `k1:${crypto.randomBytes(32).toString("base64")}`;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not become healthy within 60 s:\n${output()}`);
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    LIVECHAT_CLIENT_ID: options.clientId,
    LIVECHAT_CLIENT_SECRET: options.clientSecret,
    LIVECHAT_ACCOUNTS_URL: options.livechatUrl,
    LIVECHAT_API_URL: options.livechatUrl,
    TOKEN_ENCRYPTION_KEYS: testEncryptionKeys(),
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [next, "start", "--port", String(options.port), "--hostname", "127.0.0.1"], {
    cwd: ROOT,
    // Only what the app needs: a stray .env.local of a developer must not leak in (real env wins).
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    env,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
