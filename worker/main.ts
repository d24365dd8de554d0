// `npm run worker`: validates the environment, opens the database, registers a heartbeat and
// serves /healthz. The first SIGINT/SIGTERM drains and stops; a second one forces exit.
import crypto from "node:crypto";
import os from "node:os";
import { openDb } from "../lib/db";
import { EnvError, workerEnv } from "../lib/env";
import { createLogger } from "../lib/log";
import { startHealthServer } from "./health-server";
import { registerHeartbeat } from "./heartbeat";

const VERSION = "0.1.0";
const HEARTBEAT_INTERVAL_MS = 5_000;

async function main(): Promise<void> {
  const env = workerEnv();
  const workerId = env.WORKER_ID ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const log = createLogger({ workerId }, { level: env.LOG_LEVEL });
  const { db } = openDb({ url: env.DATABASE_URL });
  const heartbeat = await registerHeartbeat(db, workerId, VERSION);
  let status: "ok" | "stopping" = "ok";
  const startedAt = new Date().toISOString();
  const health = await startHealthServer(env.WORKER_HEALTH_PORT, () => ({ status, workerId, startedAt }));
  const timer = setInterval(() => {
    heartbeat.beat().catch((error: unknown) => log.error("heartbeat failed", { error }));
  }, HEARTBEAT_INTERVAL_MS);
  log.info("worker started", { healthPort: env.WORKER_HEALTH_PORT });

  let signals = 0;
  const shutdown = async (signal: string) => {
    signals += 1;
    if (signals > 1) {
      log.warn("second signal, exiting now", { signal });
      process.exit(1);
    }
    status = "stopping";
    log.info("stopping", { signal });
    clearInterval(timer);
    await heartbeat.stop().catch(() => undefined);
    await new Promise((resolve) => health.close(resolve));
    await db.$disconnect();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void shutdown(signal));
  process.on("SIGTERM", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
