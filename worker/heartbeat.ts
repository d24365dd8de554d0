// The worker's row in WorkerHeartbeat: registered at start, beaten on an interval, marked
// stopped on shutdown. The dashboard's Worker page reads it.
import os from "node:os";
import type { Db } from "../lib/db";

export interface Heartbeat {
  beat(): Promise<void>;
  stop(): Promise<void>;
}

export async function registerHeartbeat(db: Db, workerId: string, version: string): Promise<Heartbeat> {
  const now = new Date();
  await db.workerHeartbeat.upsert({
    where: { workerId },
    create: { workerId, host: os.hostname(), pid: process.pid, version, startedAt: now, lastBeatAt: now },
    update: { host: os.hostname(), pid: process.pid, version, startedAt: now, lastBeatAt: now, stoppedAt: null },
  });
  return {
    async beat() {
      await db.workerHeartbeat.update({ where: { workerId }, data: { lastBeatAt: new Date() } });
    },
    async stop() {
      await db.workerHeartbeat.update({ where: { workerId }, data: { stoppedAt: new Date() } });
    },
  };
}
