// GET /healthz for process supervisors: 200 while the worker runs, 503 once it is stopping.
import http from "node:http";

export interface HealthSnapshot {
  status: "ok" | "stopping";
  [key: string]: unknown;
}

/** Loopback: the snapshot (organization counts, event-loop delay) is for this machine's supervisor. */
export const DEFAULT_HEALTH_HOST = "127.0.0.1";

export interface HealthServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1; `0.0.0.0` or `::` serves every interface (WORKER_HEALTH_HOST). */
  host?: string;
}

export async function startHealthServer(options: HealthServerOptions, snapshot: () => HealthSnapshot): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/healthz") {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
      return;
    }
    const body = snapshot();
    response
      .writeHead(body.status === "ok" ? 200 : 503, { "content-type": "application/json" })
      .end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? DEFAULT_HEALTH_HOST, resolve);
  });
  return server;
}
