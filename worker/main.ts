// `npm run worker`: validates the environment, opens the database, and runs the Worker: heartbeat,
// leases, one RTM connection per owned organization, /healthz. The first SIGINT/SIGTERM drains
// (stop intake, finish in-flight replies for up to WORKER_DRAIN_TIMEOUT_MS, close sockets, release
// leases); a second one exits at once.
import crypto from "node:crypto";
import os from "node:os";
import { RequestCountBuffer } from "../lib/data/request-counts";
import { openDb } from "../lib/db";
import { EnvError, workerEnv } from "../lib/env";
import { accountsConfigFrom } from "../lib/livechat/accounts";
import { createLogger } from "../lib/log";
import { DbCredentialSource } from "./credential-source";
import { settingsFromEnv } from "./settings";
import { Worker } from "./worker";

async function main(): Promise<void> {
  const env = workerEnv();
  const workerId = env.WORKER_ID ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const log = createLogger({ workerId }, { level: env.LOG_LEVEL });
  const { db, provider, url } = openDb({ url: env.DATABASE_URL });
  const settings = settingsFromEnv(env, workerId);
  const requestCounts = new RequestCountBuffer(db, { flushIntervalMs: settings.requestCountFlushMs, log });
  const credentials = new DbCredentialSource({
    db,
    keyring: settings.keyring,
    accounts: accountsConfigFrom(env),
    meterFor: (orgId) => requestCounts.meterFor(orgId),
  });
  const worker = new Worker({ db, provider, databaseUrl: url, settings, credentials, log, requestCounts });

  let signals = 0;
  const shutdown = async (signal: string) => {
    signals += 1;
    if (signals > 1) {
      log.warn("second signal, exiting now", { signal });
      process.exit(1);
    }
    log.info("stopping", { signal });
    await worker.stop();
    await db.$disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void shutdown(signal));
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection", { error: reason }));

  await worker.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
