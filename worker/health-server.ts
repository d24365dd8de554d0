// GET /healthz for process supervisors: 200 while the worker runs, 503 once it is stopping.
import http from "node:http";

export interface HealthSnapshot {
  status: "ok" | "stopping";
  [key: string]: unknown;
}

export async function startHealthServer(port: number, snapshot: () => HealthSnapshot): Promise<http.Server> {
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
    server.listen(port, resolve);
  });
  return server;
}
