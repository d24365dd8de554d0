// One production build of the dashboard, shared by `npm run demo` and the browser tests: `next build`
// runs only when the sources changed since the last build (a content hash stamped into .next), and
// concurrent processes wait for each other through a lock directory. The build skips the type check
// (`npm test` type-checks the whole project first).
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, ".next");
const STAMP = path.join(DIST, "botdesk-build.json");
// Outside .next, which `next build` empties when it starts.
const LOCK = path.join(ROOT, "node_modules", ".cache", "botdesk-build.lock");

/** What the production build reads. Tests, the worker and the emulator are not part of it. */
const INPUTS = ["app", "lib", "public", "next.config.js", "tsconfig.json", "package-lock.json", "instrumentation.ts", "instrumentation-node.ts", "instrumentation-client.ts", "proxy.ts", "middleware.ts", "prisma/sqlite/schema.prisma", "prisma/postgresql/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function walk(entry: string, files: string[]): void {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    files.push(entry);
    return;
  }
  for (const name of fs.readdirSync(full).sort()) {
    if (!SKIP.has(name)) walk(path.join(entry, name), files);
  }
}

/** A hash of everything the production build reads. */
export function sourceHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(input, files);
  const hash = crypto.createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(fs.readFileSync(path.join(ROOT, file))).update("\0");
  return hash.digest("hex");
}

export function isBuilt(hash: string = sourceHash()): boolean {
  if (!fs.existsSync(path.join(DIST, "BUILD_ID")) || !fs.existsSync(STAMP)) return false;
  return (JSON.parse(fs.readFileSync(STAMP, "utf8")) as { hash?: string }).hash === hash;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(path.dirname(LOCK), { recursive: true });
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 15 * 60_000) fs.rmSync(LOCK, { recursive: true, force: true }); // a crashed builder
      if (Date.now() > deadline) throw new Error(`Another test process holds ${LOCK} for too long`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function runNextBuild(): { ok: true } | { ok: false; output: string } {
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  try {
    execFileSync(process.execPath, [next, "build"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BOTDESK_SKIP_BUILD_TYPECHECK: "1" },
      stdio: "pipe",
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true };
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, output: `${output.stdout?.toString() ?? ""}\n${output.stderr?.toString() ?? ""}` };
  }
}

/** Builds the app unless the current sources were built already. Returns whether it built. */
export async function ensureBuilt(): Promise<boolean> {
  const hash = sourceHash();
  if (isBuilt(hash)) return false;
  return withLock(async () => {
    // Next.js refuses to build while another `next build` of this directory runs: wait for it.
    for (let attempt = 0; ; attempt += 1) {
      if (isBuilt(hash)) return false;
      const result = runNextBuild();
      if (result.ok) break;
      if (!result.output.includes("Another next build process is already running") || attempt >= 60) {
        throw new Error(`next build failed:\n${result.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    fs.writeFileSync(STAMP, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
    return true;
  });
}
