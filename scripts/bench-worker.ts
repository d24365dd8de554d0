// Benchmark of the worker through the LiveChat emulator: for 1, 100 and 1,000 organizations, one
// real worker process (`node --import tsx worker/main.ts`) serves bot chats in every organization.
// Two phases per organization count:
//   1. steady load — customers write at a fixed total rate (open loop, `--rate` messages/s spread
//      over the organizations): reply latency p50/p99 and the worker's event-loop delay and CPU;
//   2. saturation — every organization's customer writes, waits for the reply, writes again
//      (closed loop): replies per second.
// Latency is from the customer's message to the bot's `send_event` answered, as the emulator logs
// it. RSS, CPU and event-loop delay (its last 5 s window) come from the worker's /healthz.
// Run with `npm run bench:worker`.
//
//   --orgs 1,100,1000     organization counts (default)
//   --seconds 12          length of each phase (at least 10, so a whole 5 s event-loop window is inside)
//   --rate 50             steady-load messages per second, all organizations together
//   --db sqlite|postgresql (default sqlite; PostgreSQL at TEST_POSTGRES_URL or 127.0.0.1:5432)
//   --worker-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"   flags for the worker's node
import net from "node:net";
import { cpus, loadavg } from "node:os";
import type { Emulator } from "../tests/emulator";
import { createWorld, waitFor, type World } from "../tests/integration/worker/world";

interface Options {
  orgs: number[];
  seconds: number;
  rate: number;
  db: "sqlite" | "postgresql";
  nodeArgs: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { orgs: [1, 100, 1000], seconds: 12, rate: 50, db: "sqlite", nodeArgs: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--orgs" && value) options.orgs = value.split(",").map(Number).filter((n) => n > 0);
    if (flag === "--seconds" && value) options.seconds = Math.max(10, Number(value));
    if (flag === "--rate" && value) options.rate = Math.max(1, Number(value));
    if (flag === "--db" && (value === "sqlite" || value === "postgresql")) options.db = value;
    if (flag === "--worker-node-args" && value) options.nodeArgs = value.split(" ").filter(Boolean);
  }
  return options;
}

interface Health {
  organizations: number;
  connections: Record<string, number>;
  rssBytes: number;
  heapUsedBytes: number;
  cpuSeconds: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function health(port: number): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return (await response.json()) as Health;
}

/** Waits until the worker uses less than a fifth of a CPU over a second (at most a minute). */
async function settle(port: number): Promise<void> {
  const until = Date.now() + 60_000;
  let previous = (await health(port)).cpuSeconds;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const current = (await health(port)).cpuSeconds;
    if (current - previous < 0.2) return;
    previous = current;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** A chat takes this many messages before the next one of its organization is used (reply cap 100). */
const MESSAGES_PER_CHAT = 80;

/** Every organization's followed bot chats, used one after another. */
class ChatPool {
  private readonly chats: string[][];
  private readonly used = new Map<string, number>();
  private readonly cursor: number[];

  constructor(chats: string[][]) {
    this.chats = chats;
    this.cursor = chats.map(() => 0);
  }

  /** The chat the next message of organization `index` goes to. */
  next(index: number): string {
    for (;;) {
      const list = this.chats[index]!;
      const chatId = list[this.cursor[index]!];
      if (!chatId) throw new Error("the benchmark ran out of chats; raise MESSAGES_PER_CHAT or the chat count");
      const count = this.used.get(chatId) ?? 0;
      if (count < MESSAGES_PER_CHAT) {
        this.used.set(chatId, count + 1);
        return chatId;
      }
      this.cursor[index]! += 1;
    }
  }
}

/** Matches the bot's `send_event` calls in the emulator's log to the messages they answer (FIFO per chat). */
class ReplyWatch {
  private lastSeq: number;
  private readonly pending = new Map<string, number[]>();
  readonly latencies: number[] = [];

  constructor(private readonly emulator: Emulator) {
    this.lastSeq = emulator.requestLog().at(-1)?.seq ?? 0;
  }

  sent(chatId: string): void {
    const queue = this.pending.get(chatId) ?? [];
    queue.push(Date.now());
    this.pending.set(chatId, queue);
  }

  /** Collects replies logged since the last call; returns the chats that got one. */
  poll(): string[] {
    const answered: string[] = [];
    for (const entry of this.emulator.requestLog({ action: "send_event", sinceSeq: this.lastSeq })) {
      this.lastSeq = Math.max(this.lastSeq, entry.seq);
      if (entry.status !== 200 || !entry.chatId) continue;
      const sentAt = this.pending.get(entry.chatId)?.shift();
      if (sentAt === undefined) continue;
      this.latencies.push(Date.parse(entry.time) - sentAt);
      answered.push(entry.chatId);
    }
    return answered;
  }
}

interface Result {
  orgs: number;
  steady: { offered: number; replies: number; p50: number; p99: number; cpuPercent: number; eld: Health["eventLoopDelayMs"] };
  saturated: { perSecond: number; p50: number; cpuPercent: number };
  rssMb: number;
  heapMb: number;
  setupSeconds: number;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

async function runOnce(orgCount: number, options: Options): Promise<Result> {
  const setupStarted = Date.now();
  const world: World = await createWorld({
    provider: options.db,
    orgs: orgCount,
    // Real LiveChat timings (30 s login and ping rules) so the worker runs with its defaults.
    timings: { pingTimeoutMs: 30_000, loginTimeoutMs: 30_000 },
    ruleSettings: { maxRepliesPerChat: 100 },
  });
  const port = await freePort();
  const worker = world.spawnWorker(
    `bench-${orgCount}`,
    {
      WORKER_HEALTH_PORT: String(port),
      WORKER_PING_INTERVAL_MS: "15000",
      WORKER_LOGIN_TIMEOUT_MS: "10000",
      WORKER_CHAT_SYNC_INTERVAL_MS: "3000",
      WORKER_BACKOFF_BASE_MS: "1000",
      WORKER_BACKOFF_CAP_MS: "30000",
      WORKER_LEASE_TTL_MS: "15000",
      // Warnings only: a worker writing to a pipe this process must drain would measure the bench,
      // not the worker (stdout pipes are synchronous on Linux).
      LOG_LEVEL: "warn",
    },
    options.nodeArgs,
  );
  try {
    await waitFor("every organization connected", async () => (await health(port)).connections.ready === orgCount, 180_000, 500).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker.lines.slice(-30).join("\n")}`);
    });

    // Enough bot chats per organization for both phases, all followed before the load starts.
    const expected = (options.rate + 400) * options.seconds;
    const perOrg = Math.min(90, Math.max(1, Math.ceil(expected / orgCount / MESSAGES_PER_CHAT)));
    const chats = world.orgs.map((org) =>
      Array.from({ length: perOrg }, () => world.emulator.startChat({ organizationId: org.livechatOrgId, customer: { name: "Bench" } }).chatId),
    );
    await waitFor(
      "every chat followed",
      () =>
        chats.every((list, index) =>
          list.every((chatId) => {
            const threads = world.emulator.getChat(chatId).threads;
            return threads[threads.length - 1]?.followers.includes(world.orgs[index]!.adminAgentId) ?? false;
          }),
        ),
      180_000,
      500,
    );
    // Following a thousand chats leaves the worker busy for a while (each follow is answered with
    // the chat, which it reads); measure once it has settled.
    await settle(port);
    const setupSeconds = (Date.now() - setupStarted) / 1000;
    const pool = new ChatPool(chats);
    const send = (watch: ReplyWatch, index: number) => {
      const chatId = pool.next(index);
      world.emulator.sendCustomerMessage(chatId, "refund question");
      watch.sent(chatId);
      return chatId;
    };

    // Phase 1: steady, open-loop load.
    const steadyWatch = new ReplyWatch(world.emulator);
    const before = await health(port);
    const steadyStart = Date.now();
    let sentSteady = 0;
    while (Date.now() - steadyStart < options.seconds * 1000) {
      const due = Math.floor(((Date.now() - steadyStart) / 1000) * options.rate);
      for (; sentSteady < due; sentSteady += 1) send(steadyWatch, sentSteady % orgCount);
      steadyWatch.poll();
      await tick();
    }
    const steadyHealth = await health(port);
    const steadySeconds = (Date.now() - steadyStart) / 1000;
    // Let the last replies land before counting.
    const drainUntil = Date.now() + 5_000;
    while (steadyWatch.latencies.length < sentSteady && Date.now() < drainUntil) {
      steadyWatch.poll();
      await tick();
    }
    const steadyLatencies = [...steadyWatch.latencies].sort((a, b) => a - b);

    // Phase 2: saturation, closed loop (one outstanding message per organization).
    const closedWatch = new ReplyWatch(world.emulator);
    const closedBefore = await health(port);
    const orgOfChat = new Map<string, number>();
    const closedStart = Date.now();
    const deadline = closedStart + options.seconds * 1000;
    for (let index = 0; index < orgCount; index += 1) orgOfChat.set(send(closedWatch, index), index);
    while (Date.now() < deadline) {
      await tick();
      for (const chatId of closedWatch.poll()) {
        const index = orgOfChat.get(chatId);
        if (index === undefined || Date.now() >= deadline) continue;
        orgOfChat.set(send(closedWatch, index), index);
      }
    }
    const closedSeconds = (Date.now() - closedStart) / 1000;
    const closedLatencies = [...closedWatch.latencies].sort((a, b) => a - b);
    const end = await health(port);

    // Sanity: never two replies to one message.
    for (const chatId of chats[0] ?? []) {
      const replies = world.emulator.getTranscript(chatId).events.filter((event) => event.authorType === "bot" && event.type === "message");
      if (new Set(replies.map((event) => event.customId)).size !== replies.length) throw new Error("duplicate reply seen");
    }
    return {
      orgs: orgCount,
      steady: {
        offered: sentSteady / steadySeconds,
        replies: steadyLatencies.length,
        p50: percentile(steadyLatencies, 50),
        p99: percentile(steadyLatencies, 99),
        cpuPercent: ((steadyHealth.cpuSeconds - before.cpuSeconds) / steadySeconds) * 100,
        eld: steadyHealth.eventLoopDelayMs,
      },
      saturated: {
        perSecond: closedLatencies.length / closedSeconds,
        p50: percentile(closedLatencies, 50),
        cpuPercent: ((end.cpuSeconds - closedBefore.cpuSeconds) / closedSeconds) * 100,
      },
      rssMb: end.rssBytes / 1024 / 1024,
      heapMb: end.heapUsedBytes / 1024 / 1024,
      setupSeconds,
    };
  } finally {
    await worker.kill("SIGTERM");
    await world.close();
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join("  ");
  return `${line(header)}\n${rows.map(line).join("\n")}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  console.log(`Worker benchmark — ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load ${loadavg().map((n) => n.toFixed(2)).join(" ")}, Node ${process.version}`);
  console.log(`Database: ${options.db}; phases of ${options.seconds} s; emulator in this process, worker in its own.\n`);
  const results: Result[] = [];
  for (const orgs of options.orgs) {
    process.stdout.write(`running ${orgs} organization(s)… `);
    const result = await runOnce(orgs, options);
    console.log(`done (setup ${result.setupSeconds.toFixed(1)} s)`);
    results.push(result);
  }
  const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
  console.log(`\nSteady load (${options.rate} messages/s offered, all organizations together):`);
  console.log(
    table(
      ["orgs", "replies", "replies/s", "latency p50 ms", "p99 ms", "worker CPU %", "event-loop delay p50/p99/max ms", "worker RSS / heap MB"],
      results.map((r) => [
        String(r.orgs),
        String(r.steady.replies),
        f(r.steady.replies / options.seconds),
        f(r.steady.p50),
        f(r.steady.p99),
        f(r.steady.cpuPercent, 0),
        `${f(r.steady.eld.p50)} / ${f(r.steady.eld.p99)} / ${f(r.steady.eld.max)}`,
        `${f(r.rssMb, 0)} / ${f(r.heapMb, 0)}`,
      ]),
    ),
  );
  console.log("\nSaturation (each organization's customer waits for the reply, then writes again):");
  console.log(
    table(
      ["orgs", "replies/s", "latency p50 ms", "worker CPU %"],
      results.map((r) => [String(r.orgs), f(r.saturated.perSecond), f(r.saturated.p50), f(r.saturated.cpuPercent, 0)]),
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
