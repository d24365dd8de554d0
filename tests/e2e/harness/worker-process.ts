// The worker (`tsx worker/main.ts`) next to a test stack's app: the same database, LiveChat and
// secrets as the app, its own free health port; ready once GET /healthz answers.
import { spawn } from "node:child_process";
import { ROOT } from "./build";
import { freePort } from "./ports";

export interface WorkerProcess {
  healthUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startWorkerProcess(appEnv: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
  const port = await freePort();
  // Node itself with tsx's loader, so signals reach the worker and not a wrapper process.
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...appEnv, WORKER_HEALTH_PORT: String(port), ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const healthUrl = `http://127.0.0.1:${port}/healthz`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}:\n${log}`);
    const ok = await fetch(healthUrl).then((response) => response.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the worker did not answer ${healthUrl} within 60 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    healthUrl,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 8000).unref();
      }),
  };
}
