// The worker's /healthz reports organization counts and event-loop delay: by default it listens on
// loopback only, so another machine on the network cannot read it; WORKER_HEALTH_HOST=0.0.0.0
// exposes it (containers). Checked on a real worker process, through this machine's own network
// address as another host would reach it.
import net from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerEnv } from "../../../lib/env";
import { settingsFromEnv } from "../../../worker/settings";
import { createWorld, type World } from "../worker/world";

/** This machine's first non-loopback IPv4 address: where another host would connect. */
function networkAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
}

/** Whether a TCP connection to host:port is accepted (false when refused). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNREFUSED" ? resolve(false) : reject(error)));
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error(`connecting to ${host}:${port} timed out`));
    });
  });
}

/** Spawns a worker process and reads where its health server listens from its start line. */
async function startedWorker(id: string, env: Record<string, string> = {}): Promise<{ host: string; port: number }> {
  const worker = world.spawnWorker(id, { WORKER_HEALTH_PORT: "0", ...env });
  const line = await worker.waitForLog('"msg":"worker started"', 30_000);
  const { healthHost, healthPort } = JSON.parse(line) as { healthHost: string; healthPort: number };
  return { host: healthHost, port: healthPort };
}

let world: World;
beforeAll(async () => {
  world = await createWorld({ provider: "sqlite" });
});
afterAll(async () => {
  await world?.close();
});

describe("worker health endpoint address", () => {
  it("defaults WORKER_HEALTH_HOST to loopback and rejects a value that is not an address", () => {
    const env = workerEnv(world.workerEnv("env-check"));
    expect(env.WORKER_HEALTH_HOST).toBe("127.0.0.1");
    expect(settingsFromEnv(env, "env-check").healthHost).toBe("127.0.0.1");
    expect(workerEnv(world.workerEnv("env-check", { WORKER_HEALTH_HOST: "0.0.0.0" })).WORKER_HEALTH_HOST).toBe("0.0.0.0");
    expect(() => workerEnv(world.workerEnv("env-check", { WORKER_HEALTH_HOST: "http://0.0.0.0:3001" }))).toThrow(/WORKER_HEALTH_HOST: must be an IP address/);
  });

  it("listens on 127.0.0.1 only by default: answered on loopback, refused on the network address", async () => {
    const { host, port } = await startedWorker("health-default");
    expect(host).toBe("127.0.0.1");
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    const external = networkAddress();
    expect(external, "this machine needs a non-loopback IPv4 address for the test").toBeDefined();
    expect(await accepts(external!, port)).toBe(false);
  });

  it("serves every interface with WORKER_HEALTH_HOST=0.0.0.0", async () => {
    const { host, port } = await startedWorker("health-exposed", { WORKER_HEALTH_HOST: "0.0.0.0" });
    expect(host).toBe("0.0.0.0");
    const response = await fetch(`http://${networkAddress()}:${port}/healthz`);
    expect(response.status).toBe(200);
  });
});
