// Probes for what else must keep working while a big rules change runs:
// - `spawnLeaseProbe`: a stand-in for the worker, another process that holds an organization's
//   lease and renews it every `intervalMs` with the worker's own LeaseStore, timing each renewal
//   (a short write: on SQLite it waits whenever another process holds the write lock). It answers
//   one JSON line when its stdin closes.
// - `startReadProbe`: what /api/health does (SELECT 1) every `intervalMs`, in this process and on
//   this client, timed from when each was due, so a blocked event loop or a client held by a
//   transaction shows too.
//
//   node --import tsx tests/integration/rules/lease-probe.ts <database-url> <orgId> [intervalMs]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDb, type Db } from "../../../lib/db";
import { LeaseStore } from "../../../worker/leases";

export interface LeaseProbeReport {
  renewals: number;
  failures: number;
  worstMs: number;
  /** The first failure's message, if any (e.g. SQLITE_BUSY after the 5 s busy timeout). */
  error?: string;
}

export interface LeaseProbe {
  /** Resolves once the lease is held and renewals have started. */
  ready: Promise<void>;
  /** Stops renewing and answers what it saw. */
  stop(): Promise<LeaseProbeReport>;
}

/** Starts the probe in a child process (Node with tsx, like the real worker). */
export function spawnLeaseProbe(url: string, orgId: string, intervalMs = 100): LeaseProbe {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/rules/lease-probe.ts", url, orgId, String(intervalMs)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: url },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  let markReady: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.includes("ready\n")) markReady();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  void exited.then((code) => fail(new Error(`lease probe exited (${code}) before it was ready: ${output}`)));
  return {
    ready,
    async stop() {
      child.stdin.end();
      await exited;
      const line = output.split("\n").find((l) => l.startsWith("{"));
      if (!line) throw new Error(`lease probe answered nothing: ${output}`);
      return JSON.parse(line) as LeaseProbeReport;
    },
  };
}

export interface ReadProbeReport {
  reads: number;
  failures: number;
  worstMs: number;
}

export function startReadProbe(db: Db, intervalMs = 100): { stop(): Promise<ReadProbeReport> } {
  const report: ReadProbeReport = { reads: 0, failures: 0, worstMs: 0 };
  let isRunning = true;
  const loop = (async () => {
    let due = Date.now();
    while (isRunning) {
      due += intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      try {
        await db.$queryRawUnsafe("SELECT 1");
        report.reads++;
      } catch {
        report.failures++;
      }
      report.worstMs = Math.max(report.worstMs, Date.now() - due);
      if (Date.now() > due + intervalMs) due = Date.now();
    }
  })();
  return {
    async stop() {
      isRunning = false;
      await loop;
      return report;
    },
  };
}

async function main(url: string, orgId: string, intervalMs: number): Promise<void> {
  const { db } = openDb({ url });
  const leases = new LeaseStore(db, "lease-probe", 15_000);
  const grants = await leases.acquire([orgId]);
  const owned = new Map(grants.map((grant) => [grant.orgId, grant.epoch]));
  const report: LeaseProbeReport = { renewals: 0, failures: 0, worstMs: 0 };
  let isRunning = true;
  process.stdin.on("end", () => (isRunning = false));
  process.stdin.resume();
  process.stdout.write("ready\n");
  let due = Date.now();
  while (isRunning) {
    due += intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const started = Date.now();
    try {
      await leases.renew(owned);
      report.renewals++;
    } catch (error) {
      report.failures++;
      report.error ??= (error as Error).message;
    }
    report.worstMs = Math.max(report.worstMs, Date.now() - started);
    if (Date.now() > due + intervalMs) due = Date.now(); // a long wait: don't fire a burst to catch up
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await db.$disconnect();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [url, orgId, interval] = process.argv.slice(2);
  if (!url || !orgId) throw new Error("usage: lease-probe.ts <database-url> <orgId> [intervalMs]");
  await main(url, orgId, Number(interval ?? 100));
}
