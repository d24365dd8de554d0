// A local HTTP server that plays a webhook receiver: it records every POST (raw body and parsed
// JSON) and answers as the test tells it — a status, or no answer at all until released.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  raw: string;
  body: Record<string, unknown>;
  contentType: string | undefined;
  receivedAt: number;
}

/** What to answer the nth request (0-based): a status, or `hang` (no answer until released). */
export type Answer = number | "hang";

export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private readonly hanging: ServerResponse[] = [];
  private answer: (index: number, delivery: ReceivedDelivery) => Answer = () => 200;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((req, res) => void holder.receiver?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    holder.receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hooks`);
    return holder.receiver;
  }

  /** Sets how the receiver answers from now on. */
  answerWith(answer: Answer | ((index: number, delivery: ReceivedDelivery) => Answer)): void {
    this.answer = typeof answer === "function" ? answer : () => answer;
  }

  /** Resolves once at least `count` deliveries have arrived. */
  waitFor(count: number, timeoutMs = 5000): Promise<ReceivedDelivery[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.received.length} of ${count} deliveries within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.received.slice());
        },
      });
    });
  }

  bodiesOf(action: string): Record<string, unknown>[] {
    return this.received.filter((delivery) => delivery.body.action === action).map((delivery) => delivery.body);
  }

  /** Answers every request held by `hang` with this status. */
  release(status = 200): void {
    for (const res of this.hanging.splice(0)) if (!res.writableEnded) res.writeHead(status).end();
  }

  async close(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const delivery: ReceivedDelivery = {
      raw,
      body: JSON.parse(raw) as Record<string, unknown>,
      contentType: req.headers["content-type"],
      receivedAt: Date.now(),
    };
    const index = this.received.length;
    this.received.push(delivery);
    const answer = this.answer(index, delivery);
    if (answer === "hang") this.hanging.push(res);
    else res.writeHead(answer).end();
    for (const waiter of this.waiters.filter((candidate) => this.received.length >= candidate.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
