// Serves a route handler over real HTTP the way Next.js hands it requests (a Web Request with a
// streamed body), so tests can send chunked bodies, oversized bodies and LiveChat-style deliveries.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export interface ServedRoute {
  url: string;
  close(): Promise<void>;
}

export async function serveRoute(path: string, handler: (request: Request) => Promise<Response>): Promise<ServedRoute> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      if (req.url !== path || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const requestHeaders = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") requestHeaders.set(name, value);
        else if (Array.isArray(value)) for (const item of value) requestHeaders.append(name, item);
      }
      const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      const request = new Request(`${origin}${req.url}`, { method: req.method, headers: requestHeaders, body, duplex: "half" } as RequestInit);
      const response = await handler(request);
      const headers = Object.fromEntries(response.headers);
      // Answered before the body was read to its end (a 413): this connection cannot carry another request.
      if (!req.complete) headers.connection = "close";
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(599).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POSTs a body in chunks with `Transfer-Encoding: chunked` and no `content-length`. */
export function postChunked(url: string, chunks: Iterable<Buffer>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server may answer (413) and stop reading before the last chunk: that is the point.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    void (async () => {
      for (const chunk of chunks) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await new Promise((resolve) => request.once("drain", resolve));
      }
      request.end();
    })();
  });
}
