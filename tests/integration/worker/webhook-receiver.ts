// The dashboard's webhook receiver (lib/webhooks/receive.ts, behind POST /api/livechat/webhooks)
// served over real HTTP, so the emulator delivers to it as LiveChat delivers to a deployed
// dashboard. Counts answers by status for tests that make it fail.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { Db } from "../../../lib/db";
import type { EncryptionKey } from "../../../lib/env";
import type { Logger } from "../../../lib/log";
import { receiveWebhook } from "../../../lib/webhooks/receive";

export interface WebhookReceiver {
  url: string;
  /** Answers given, by HTTP status. */
  answers: Map<number, number>;
  /** While set, every delivery is answered with this status before reaching the receiver. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startWebhookReceiver(deps: { db: Db; clientId: string; keyring: readonly EncryptionKey[]; log: Logger }): Promise<WebhookReceiver> {
  const answers = new Map<number, number>();
  const receiver: WebhookReceiver = { url: "", answers, failWith: null, close: async () => undefined };
  const server = http.createServer((req, res) => {
    void (async () => {
      let status: number;
      let body: string;
      if (receiver.failWith !== null) {
        req.resume();
        status = receiver.failWith;
        body = "{}";
      } else {
        const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
          method: req.method ?? "POST",
          headers: req.headers as Record<string, string>,
          body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
          duplex: "half",
        } as RequestInit);
        const response = await receiveWebhook(request, deps);
        status = response.status;
        body = await response.text();
      }
      answers.set(status, (answers.get(status) ?? 0) + 1);
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/livechat/webhooks`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
