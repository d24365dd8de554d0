// The worker's endpoints for supervisors and monitoring:
//   GET /healthz  alive: 200 while the worker runs, 503 once it is stopping (liveness);
//   GET /readyz   ready: the database answers and the leases were renewed on time, else 503 with
//                 the failing check (readiness);
//   GET /metrics  Prometheus text (worker/metrics.ts).
import http from "node:http";

export interface HealthSnapshot {
  status: "ok" | "stopping";
  [key: string]: unknown;
}

/** Loopback: the snapshot (organization counts, event-loop delay) is for this machine's supervisor. */
export const DEFAULT_HEALTH_HOST = "127.0.0.1";

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HealthEndpoints {
  snapshot(): HealthSnapshot;
  readiness(): Promise<Readiness>;
  /** Prometheus exposition text and its content type. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HealthServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1; `0.0.0.0` or `::` serves every interface (WORKER_HEALTH_HOST). */
  host?: string;
}

export async function startHealthServer(options: HealthServerOptions, endpoints: HealthEndpoints): Promise<http.Server> {
  const json = (response: http.ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  const server = http.createServer((request, response) => {
    const path = request.url?.split("?")[0];
    if (request.method !== "GET") return json(response, 404, { error: "not_found" });
    if (path === "/healthz") {
      const body = endpoints.snapshot();
      return json(response, body.status === "ok" ? 200 : 503, body);
    }
    if (path === "/readyz") {
      void endpoints.readiness().then(
        (readiness) => json(response, readiness.ready ? 200 : 503, readiness),
        (error: unknown) => json(response, 503, { ready: false, checks: { readiness: { ok: false, detail: String(error) } } }),
      );
      return;
    }
    if (path === "/metrics") {
      void endpoints.metrics().then(
        ({ contentType, body }) => response.writeHead(200, { "content-type": contentType }).end(body),
        () => response.writeHead(500).end(),
      );
      return;
    }
    json(response, 404, { error: "not_found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? DEFAULT_HEALTH_HOST, resolve);
  });
  return server;
}
