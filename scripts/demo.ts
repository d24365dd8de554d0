// `npm run demo`: the whole product on one machine with nothing but Node. Writes .env.local
// (generated secrets, pointing at the emulator) when missing, migrates the embedded SQLite
// database, builds the dashboard once (again only when its sources changed), then runs the LiveChat
// emulator, the dashboard (`next start`) and the worker until Ctrl-C. The emulator keeps its LiveChat
// data in a file beside the database, so a second run finds everything as the user left it. The
// worker is supervised: if it exits, the demo says so and starts it again with backoff, and the
// dashboard shows what it says about a missing worker meanwhile.
//
// Options:
//   --reset         start over: delete the demo database and the emulator's state first
//   --port N  --emulator-port N  --worker-port N   (defaults 3000, 3100, 3001)
//   --no-env-file   use the environment as given instead of reading or writing .env.local
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { prettyFactory } from "pino-pretty";
import { sqliteFilePath } from "../lib/env";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, demoSeed } from "../tests/emulator/demo-seed";
import { fullJitterDelay } from "../worker/backoff";
import { ensureBuilt, isBuilt } from "./next-build";

const root = path.resolve(import.meta.dirname, "..");
const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    "emulator-port": { type: "string", default: "3100" },
    "worker-port": { type: "string", default: "3001" },
    "no-env-file": { type: "boolean", default: false },
    reset: { type: "boolean", default: false },
  },
});
const WEB_PORT = Number(options.port);
const EMULATOR_PORT = Number(options["emulator-port"]);
const WORKER_HEALTH_PORT = Number(options["worker-port"]);
const emulatorUrl = `http://localhost:${EMULATOR_PORT}`;
const webUrl = `http://localhost:${WEB_PORT}`;

function writeEnvFileIfMissing(): void {
  if (options["no-env-file"]) return;
  const file = path.join(root, ".env.local");
  if (fs.existsSync(file)) {
    console.log("Using the existing .env.local");
    return;
  }
  const lines = [
    "# Written by `npm run demo`: the embedded database and the built-in LiveChat emulator.",
    "DATABASE_URL=file:./data/app.db",
    `NEXTAUTH_URL=${webUrl}`,
    `NEXTAUTH_SECRET=${crypto.randomBytes(32).toString("base64url")}`,
    `LIVECHAT_CLIENT_ID=${DEMO_CLIENT_ID}`,
    `LIVECHAT_CLIENT_SECRET=${DEMO_CLIENT_SECRET}`,
    `LIVECHAT_ACCOUNTS_URL=${emulatorUrl}`,
    `LIVECHAT_API_URL=${emulatorUrl}`,
    `TOKEN_ENCRYPTION_KEYS=k1:${crypto.randomBytes(32).toString("base64")}`,
    `WORKER_HEALTH_PORT=${WORKER_HEALTH_PORT}`,
    "",
  ];
  fs.writeFileSync(file, lines.join("\n"), { mode: 0o600 });
  console.log("Wrote .env.local with generated secrets");
}

async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", () => reject(new Error(`Port ${port} (${what}) is in use. Stop whatever runs there and try again.`)));
    server.listen(port, () => server.close(() => resolve()));
  });
}

async function waitForHttp(url: string, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${what} did not start within ${Math.round(timeoutMs / 1000)} s`);
}

const children = new Set<ChildProcess>();

// The processes log JSON lines (lib/log.ts); the demo shows them readable. Other lines pass as they are.
const pretty = prettyFactory({ colorize: process.stdout.isTTY, translateTime: "HH:MM:ss", ignore: "pid,hostname", singleLine: true });
function readable(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    return pretty(JSON.parse(line)).trimEnd();
  } catch {
    return line;
  }
}
let stopping = false;

function spawnLogged(name: string, command: string, args: string[], env: Record<string, string>): ChildProcess {
  // Own process groups: Ctrl-C reaches only this script, which then stops the children in order.
  const child = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
    detached: true,
  });
  const prefix = `[${name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) console.log(`${prefix}${readable(line)}`);
    });
  }
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** The emulator and the dashboard: without either the demo cannot go on. */
function runEssential(name: string, command: string, args: string[], env: Record<string, string> = {}): void {
  const child = spawnLogged(name, command, args, env);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[${name}]`.padEnd(11) + `stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the demo.`);
    void stopAll(1);
  });
}

/** A worker that stops comes back, after a growing pause; one that stayed up a minute starts afresh. */
const HEALTHY_AFTER_MS = 60_000;

function runSupervised(name: string, command: string, args: string[], env: Record<string, string> = {}): void {
  let attempt = 0;
  const start = () => {
    const startedAt = Date.now();
    const child = spawnLogged(name, command, args, env);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt >= HEALTHY_AFTER_MS) attempt = 0;
      const delayMs = 1_000 + fullJitterDelay(attempt, { baseMs: 1_000, capMs: 30_000 });
      attempt += 1;
      console.error(
        `[${name}]`.padEnd(11) +
          `stopped (${signal ?? `exit code ${code}`}); starting it again in ${Math.round(delayMs / 1000)} s. The dashboard and the emulator keep running.`,
      );
      setTimeout(() => {
        if (!stopping) start();
      }, delayMs);
    });
  };
  start();
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the worker, the dashboard and the emulator…");
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 8000);
          child.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          if (child.pid) process.kill(-child.pid, "SIGTERM");
        }),
    ),
  );
  process.exit(exitCode);
}

/** `--reset`: the demo database (with its WAL files) and the emulator's LiveChat data go. */
function startOver(databaseUrl: string, stateFile: string): void {
  const files = [stateFile];
  if (databaseUrl.startsWith("file:")) {
    const database = sqliteFilePath(databaseUrl);
    files.push(database, `${database}-wal`, `${database}-shm`);
  }
  for (const file of files) fs.rmSync(file, { force: true });
  console.log("Starting over: the demo database and the emulator's LiveChat data were deleted.");
}

async function main(): Promise<void> {
  writeEnvFileIfMissing();
  for (const [port, what] of [
    [WEB_PORT, "dashboard"],
    [EMULATOR_PORT, "LiveChat emulator"],
    [WORKER_HEALTH_PORT, "worker health"],
  ] as const) {
    await assertPortFree(port, what);
  }

  // Children read .env.local themselves; this process only needs it for the migration.
  if (!options["no-env-file"]) process.loadEnvFile(path.join(root, ".env.local"));
  const databaseUrl = process.env.DATABASE_URL ?? "file:./data/app.db";
  const dataDir = databaseUrl.startsWith("file:") ? path.dirname(sqliteFilePath(databaseUrl)) : path.join(root, "data");
  const stateFile = path.join(dataDir, "emulator-state.json");
  if (options.reset) startOver(databaseUrl, stateFile);
  const { backfillAfterMigrate, migrateDatabase } = await import("./db-migrate");
  migrateDatabase(databaseUrl, { quiet: true });
  await backfillAfterMigrate(databaseUrl);
  console.log("Database ready");

  if (!isBuilt()) console.log("Building the dashboard (the first time, and after its sources change; about two minutes)…");
  await ensureBuilt();

  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const next = path.join(root, "node_modules", ".bin", "next");
  const redirectUri = `${webUrl}/api/auth/callback`;
  const resumed = fs.existsSync(stateFile);
  runEssential("emulator", tsx, ["tests/emulator/main.ts", "--port", String(EMULATOR_PORT), "--seed", "demo", "--state-file", stateFile, "--redirect-uri", redirectUri]);
  await waitForHttp(`${emulatorUrl}/customer`, "The LiveChat emulator", 30_000);
  runEssential("dashboard", next, ["start", "--port", String(WEB_PORT)], { NODE_ENV: "production" });
  // Plain node with tsx as a loader: the worker itself receives the signals (no wrapper in between).
  runSupervised("worker", process.execPath, ["--import", "tsx", "worker/main.ts"], { WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT) });
  await waitForHttp(`${webUrl}/api/health`, "The dashboard", 120_000);
  if (resumed) console.log(`Resumed where you left off (LiveChat data in ${path.relative(root, stateFile)}; \`npm run demo -- --reset\` starts over).`);

  const people = demoSeed.organizations.flatMap((org) => org.agents.map((agent) => `${agent.email} (${agent.role})`));
  console.log(`
  Botdesk is running.

    Dashboard       ${webUrl}
    Sign in         click "Sign in with LiveChat", then pick a demo person on the emulator's page:
                    ${people.join("\n                    ")}
    Customer page   ${emulatorUrl}/customer  (play the customer and chat with your bots)
    Worker health   http://localhost:${WORKER_HEALTH_PORT}/healthz

  Press Ctrl-C to stop.
`);
}

// Last resort if this script dies some other way: take the children with it.
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
});
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stopAll(1);
});
