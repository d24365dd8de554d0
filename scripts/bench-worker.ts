// Benchmark of the worker through the LiveChat emulator: for 1, 100 and 1,000 organizations, one
// real worker process (`node --import tsx worker/main.ts`) serves bot chats in every organization.
// Two phases per organization count (on the first database given):
//   1. steady load — customers write at a fixed total rate (open loop, `--rate` messages/s spread
//      over the organizations): reply latency p50/p99 and the worker's event-loop delay and CPU;
//   2. saturation — every organization's customer writes, waits for the reply, writes again
//      (closed loop): replies per second.
// And once per database given, in a small world of its own (`--first-reply-orgs`, default 10):
//   3. first reply to a brand-new chat — a customer starts a chat (no message) and writes at once;
//      the worker learns of the chat from a webhook (or, with `--intake listing`, its next listing),
//      follows it and answers. A few chats at a time, so this phase does not load the worker.
// Latency is from the customer's message to the bot's `send_event` answered, as the emulator logs
// it. RSS, CPU and event-loop delay come from the worker's /healthz; it reports the delay of its
// last completed 5 s window, so the bench polls it through the steady phase and reports the worst
// window at least half inside the phase (not only the one that happens to end last).
// Run with `npm run bench:worker`.
//
//   --orgs 1,100,1000     organization counts (default)
//   --seconds 12          length of each phase (at least 10, so a whole 5 s event-loop window is inside)
//   --rate 50             steady-load messages per second, all organizations together
//   --db sqlite,postgresql  databases, comma-separated (default sqlite; PostgreSQL at
//                         TEST_POSTGRES_URL or 127.0.0.1:5432). Steady and saturation run on the
//                         first; the first-reply phase on each (PostgreSQL is notified of webhook
//                         deliveries, SQLite polls the inbox).
//   --intake webhooks|listing  how the worker learns of new chats (default webhooks: registered
//                         bot webhooks, the worker's default reconcile interval and keepalive;
//                         listing: the old intake, no webhooks, a listing every 3 s and the `ping`
//                         action as keepalive)
//   --first-reply-chats 100   new chats in the first-reply phase (at least 50)
//   --first-reply-orgs 10     organizations of the first-reply world (at most 90 new chats each)
//   --first-reply-concurrency 4   new chats waiting for their first reply at once
//   --json                one JSON object on stdout (progress goes to stderr)
//   --worker-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"   flags for the worker's node
import net from "node:net";
import { cpus, loadavg } from "node:os";
import type { Emulator } from "../tests/emulator";
import { createWorld, waitFor, type SpawnedWorker, type World } from "../tests/integration/worker/world";

type Database = "sqlite" | "postgresql";
type Intake = "webhooks" | "listing";

interface Options {
  orgs: number[];
  seconds: number;
  rate: number;
  db: Database[];
  intake: Intake;
  firstReplyChats: number;
  firstReplyOrgs: number;
  firstReplyConcurrency: number;
  json: boolean;
  nodeArgs: string[];
}

/** A whole number of at least `min`; `fallback` when `value` is not a number. */
function count(value: string, min: number, fallback: number): number {
  const n = Math.floor(Number(value));
  return Number.isFinite(n) ? Math.max(min, n) : fallback;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    orgs: [1, 100, 1000],
    seconds: 12,
    rate: 50,
    db: ["sqlite"],
    intake: "webhooks",
    firstReplyChats: 100,
    firstReplyOrgs: 10,
    firstReplyConcurrency: 4,
    json: false,
    nodeArgs: [],
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--orgs" && value) options.orgs = value.split(",").map(Number).filter((n) => n > 0);
    if (flag === "--seconds" && value) options.seconds = Math.max(10, Number(value));
    if (flag === "--rate" && value) options.rate = Math.max(1, Number(value));
    if (flag === "--db" && value) {
      const names = [...new Set(value.split(",").map((name) => name.trim()).filter(Boolean))];
      const unknown = names.filter((name) => name !== "sqlite" && name !== "postgresql");
      if (unknown.length > 0 || names.length === 0) throw new Error(`--db takes sqlite and/or postgresql, comma-separated (got "${value}")`);
      options.db = names as Database[];
    }
    if (flag === "--intake") {
      if (value !== "webhooks" && value !== "listing") throw new Error(`--intake takes webhooks or listing (got "${value ?? ""}")`);
      options.intake = value;
    }
    if (flag === "--first-reply-chats" && value) options.firstReplyChats = count(value, 50, options.firstReplyChats);
    if (flag === "--first-reply-orgs" && value) options.firstReplyOrgs = count(value, 1, options.firstReplyOrgs);
    if (flag === "--first-reply-concurrency" && value) options.firstReplyConcurrency = count(value, 1, options.firstReplyConcurrency);
    if (flag === "--json") options.json = true;
    if (flag === "--worker-node-args" && value) options.nodeArgs = value.split(" ").filter(Boolean);
  }
  // Each bot takes at most 100 chats (the world's bots), and the first-reply chats stay open.
  const perOrg = Math.ceil(options.firstReplyChats / options.firstReplyOrgs);
  if (perOrg > 90) throw new Error(`--first-reply-chats ${options.firstReplyChats} over ${options.firstReplyOrgs} organizations is ${perOrg} chats per bot; raise --first-reply-orgs (at most 90 per bot)`);
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

  /** Stops waiting for a chat's replies (given up on): a late one is not counted. */
  forget(chatId: string): void {
    this.pending.delete(chatId);
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

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

/** The worker's /healthz reports the event-loop delay of its last completed 5 s window. */
const EVENT_LOOP_WINDOW_MS = 5_000;

/**
 * Collects the worker's event-loop windows while a phase runs (polling /healthz every 250 ms), so a
 * stall anywhere in the phase is seen, not only one in the window that happens to end last.
 */
class EventLoopWindows {
  private readonly windows: { at: number; eld: Health["eventLoopDelayMs"] }[] = [];
  private readonly timer: NodeJS.Timeout;
  private last = "";
  private inFlight = false;

  constructor(private readonly port: number) {
    this.timer = setInterval(() => void this.sample(), 250);
  }

  private async sample(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    const at = Date.now();
    try {
      const { eventLoopDelayMs } = await health(this.port);
      const key = JSON.stringify(eventLoopDelayMs);
      if (key !== this.last) {
        this.last = key;
        this.windows.push({ at, eld: eventLoopDelayMs });
      }
    } catch {
      // the next sample tries again
    } finally {
      this.inFlight = false;
    }
  }

  /**
   * Waits (at most one window and a second) for the window that ends after the phase, stops
   * sampling, and returns the worst (highest p99) of the windows at least half inside the phase,
   * and how many there were; `fallback` (the last window) when none was.
   */
  async finish(phase: { start: number; end: number }, fallback: Health["eventLoopDelayMs"]): Promise<{ eld: Health["eventLoopDelayMs"]; windows: number }> {
    const half = EVENT_LOOP_WINDOW_MS / 2;
    const until = Date.now() + EVENT_LOOP_WINDOW_MS + 1_000;
    while (Date.now() < until && (this.windows.at(-1)?.at ?? 0) < phase.end + half) await tick();
    clearInterval(this.timer);
    const inside = this.windows.filter((window) => Math.min(window.at, phase.end) - Math.max(window.at - EVENT_LOOP_WINDOW_MS, phase.start) >= half);
    const worst = inside.reduce<Health["eventLoopDelayMs"] | null>((max, window) => (max === null || window.eld.p99 > max.p99 ? window.eld : max), null);
    return { eld: worst ?? fallback, windows: inside.length };
  }
}

interface Result {
  orgs: number;
  steady: {
    offered: number;
    replies: number;
    p50: number;
    p99: number;
    cpuPercent: number;
    /** The worst 5 s event-loop window inside the phase. */
    eld: Health["eventLoopDelayMs"];
    eldWindows: number;
    /** Worker RSS and heap at the end of the steady phase. */
    rssMb: number;
    heapMb: number;
  };
  saturated: { perSecond: number; p50: number; cpuPercent: number };
  rssMb: number;
  heapMb: number;
  setupSeconds: number;
  /** `list_chats` requests the worker made during the two phases (none expected with webhooks). */
  listings: number;
}

interface FirstReplyResult {
  db: Database;
  orgs: number;
  chats: number;
  /** Replies received, each a latency sample. */
  samples: number;
  /** Chats without a reply within FIRST_REPLY_TIMEOUT_MS; they count as infinitely late in the percentiles. */
  missing: number;
  p50: number;
  p99: number;
  max: number;
  /** Webhook deliveries answered 200 and `list_chats` requests during the phase. */
  deliveries: number;
  listings: number;
  cpuPercent: number;
}

/** A first reply not seen this long after the customer wrote is counted as missing. */
const FIRST_REPLY_TIMEOUT_MS = 15_000;
/** Before each new chat, a slot of the first-reply phase waits up to this long (uniformly at random). */
const FIRST_REPLY_MAX_PAUSE_MS = 500;
const CUSTOMER_TEXT = "refund question";

/**
 * The worker's environment besides the world's: real LiveChat timings, and the intake. Blank
 * values are unset for the worker (lib/env.ts), so it uses its defaults: with webhooks the
 * reconcile interval (600 s), the inbox poll (250 ms), the fallback listing interval (unused while
 * webhooks are registered) and the control-frame keepalive.
 */
function benchWorkerEnv(port: number, intake: Intake): Record<string, string> {
  const intakeEnv: Record<string, string> =
    intake === "listing"
      ? { WORKER_CHAT_SYNC_INTERVAL_MS: "3000", WORKER_KEEPALIVE: "ping_action" }
      : { WORKER_CHAT_SYNC_INTERVAL_MS: "", WORKER_RECONCILE_INTERVAL_SECONDS: "", WORKER_INBOX_POLL_INTERVAL_MS: "", WORKER_KEEPALIVE: "" };
  return {
    WORKER_HEALTH_PORT: String(port),
    WORKER_PING_INTERVAL_MS: "15000",
    WORKER_LOGIN_TIMEOUT_MS: "10000",
    WORKER_BACKOFF_BASE_MS: "1000",
    WORKER_BACKOFF_CAP_MS: "30000",
    WORKER_LEASE_TTL_MS: "15000",
    ...intakeEnv,
    // Warnings only: a worker writing to a pipe this process must drain would measure the bench,
    // not the worker (stdout pipes are synchronous on Linux).
    LOG_LEVEL: "warn",
  };
}

interface Bench {
  world: World;
  worker: SpawnedWorker;
  port: number;
}

/** A world of `orgCount` organizations and one worker process connected to all of them, bots accepting chats. */
async function startBench(db: Database, orgCount: number, options: Options, name: string): Promise<Bench> {
  const world: World = await createWorld({
    provider: db,
    orgs: orgCount,
    // Real LiveChat timings (30 s login and ping rules) so the worker runs with its defaults.
    timings: { pingTimeoutMs: 30_000, loginTimeoutMs: 30_000 },
    ruleSettings: { maxRepliesPerChat: 100 },
    webhooks: options.intake === "webhooks",
  });
  const port = await freePort();
  const worker = world.spawnWorker(name, benchWorkerEnv(port, options.intake), options.nodeArgs);
  try {
    await waitFor("every organization connected", async () => (await health(port)).connections.ready === orgCount, 180_000, 500);
    const botIds = new Set(world.orgs.map((org) => org.bot.livechatBotId));
    await waitFor(
      "every bot accepting chats",
      () => world.emulator.bots().filter((bot) => botIds.has(bot.id) && bot.routingStatus === "accepting_chats").length === botIds.size,
      60_000,
      250,
    );
  } catch (error) {
    const output = worker.lines.slice(-30).join("\n");
    await worker.kill("SIGTERM");
    await world.close();
    throw new Error(`${String(error)}\nworker output:\n${output}`);
  }
  return { world, worker, port };
}

async function stopBench(bench: Bench): Promise<void> {
  await bench.worker.kill("SIGTERM");
  await bench.world.close();
}

/** Never two replies to one message: each bot reply's custom id (which names the message) is unique. */
function checkNoDuplicateReplies(emulator: Emulator, chatIds: readonly string[], maxReplies = Number.POSITIVE_INFINITY): void {
  for (const chatId of chatIds) {
    const replies = emulator.getTranscript(chatId).events.filter((event) => event.authorType === "bot" && event.type === "message");
    if (new Set(replies.map((event) => event.customId)).size !== replies.length || replies.length > maxReplies) {
      throw new Error(`duplicate reply seen in chat ${chatId} (${replies.length} bot replies)`);
    }
  }
}

const listingsSince = (emulator: Emulator, seq: number) => emulator.requestLog({ action: "list_chats", sinceSeq: seq }).length;

async function runOnce(orgCount: number, options: Options): Promise<Result> {
  const setupStarted = Date.now();
  const { world, worker, port } = await startBench(options.db[0]!, orgCount, options, `bench-${orgCount}`);
  try {
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
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker.lines.slice(-30).join("\n")}`);
    });
    // Following a thousand chats leaves the worker busy for a while (each follow is answered with
    // the chat, which it reads); measure once it has settled.
    await settle(port);
    const setupSeconds = (Date.now() - setupStarted) / 1000;
    const pool = new ChatPool(chats);
    const send = (watch: ReplyWatch, index: number) => {
      const chatId = pool.next(index);
      world.emulator.sendCustomerMessage(chatId, CUSTOMER_TEXT);
      watch.sent(chatId);
      return chatId;
    };

    // Phase 1: steady, open-loop load.
    const steadyWatch = new ReplyWatch(world.emulator);
    const phasesSeq = world.emulator.requestLog().at(-1)?.seq ?? 0;
    const before = await health(port);
    const steadyStart = Date.now();
    const eventLoop = new EventLoopWindows(port);
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
    const steadyEventLoop = await eventLoop.finish({ start: steadyStart, end: steadyStart + steadySeconds * 1000 }, steadyHealth.eventLoopDelayMs);

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
    const listings = listingsSince(world.emulator, phasesSeq);

    checkNoDuplicateReplies(world.emulator, chats[0] ?? []);
    return {
      orgs: orgCount,
      steady: {
        offered: sentSteady / steadySeconds,
        replies: steadyLatencies.length,
        p50: percentile(steadyLatencies, 50),
        p99: percentile(steadyLatencies, 99),
        cpuPercent: ((steadyHealth.cpuSeconds - before.cpuSeconds) / steadySeconds) * 100,
        rssMb: steadyHealth.rssBytes / 1024 / 1024,
        heapMb: steadyHealth.heapUsedBytes / 1024 / 1024,
        eld: steadyEventLoop.eld,
        eldWindows: steadyEventLoop.windows,
      },
      saturated: {
        perSecond: closedLatencies.length / closedSeconds,
        p50: percentile(closedLatencies, 50),
        cpuPercent: ((end.cpuSeconds - closedBefore.cpuSeconds) / closedSeconds) * 100,
      },
      rssMb: end.rssBytes / 1024 / 1024,
      heapMb: end.heapUsedBytes / 1024 / 1024,
      setupSeconds,
      listings,
    };
  } finally {
    await stopBench({ world, worker, port });
  }
}

/**
 * Phase 3: the first reply to brand-new chats, in a world of its own. Chats go round-robin over the
 * organizations, `firstReplyConcurrency` waiting for their reply at a time; each customer starts a
 * chat without a message and writes at once. Latency is from that write to the bot's answer.
 */
async function runFirstReplies(db: Database, options: Options): Promise<FirstReplyResult> {
  const bench = await startBench(db, options.firstReplyOrgs, options, `bench-first-${db}`);
  const { world, port } = bench;
  try {
    // Let the connect-time work (the reconciliation listing, routing status) finish first.
    await settle(port);
    const watch = new ReplyWatch(world.emulator);
    const startSeq = world.emulator.requestLog().at(-1)?.seq ?? 0;
    const deliveriesSeq = world.emulator.webhookDeliveries().at(-1)?.seq ?? 0;
    const before = await health(port);
    const started = Date.now();
    const chats: string[] = [];
    const waiting = new Map<string, number>();
    // When each free slot starts its next chat. A random pause first: a chat started the moment the
    // previous reply came would be in step with the worker's inbox poll (SQLite), not at a random
    // point of it as real customers are.
    const pause = () => Date.now() + Math.random() * FIRST_REPLY_MAX_PAUSE_MS;
    const slots = Array.from({ length: options.firstReplyConcurrency }, pause);
    let missing = 0;
    while (chats.length < options.firstReplyChats || waiting.size > 0) {
      for (let slot = 0; slot < slots.length && chats.length < options.firstReplyChats; slot += 1) {
        if (slots[slot]! > Date.now()) continue;
        slots[slot] = Number.POSITIVE_INFINITY; // busy until its chat is answered or given up on
        const org = world.orgs[chats.length % world.orgs.length]!;
        const { chatId } = world.emulator.startChat({ organizationId: org.livechatOrgId, customer: { name: "First" } });
        world.emulator.sendCustomerMessage(chatId, CUSTOMER_TEXT);
        watch.sent(chatId);
        waiting.set(chatId, Date.now());
        chats.push(chatId);
      }
      await tick();
      const done = watch.poll();
      for (const [chatId, sentAt] of waiting) {
        if (Date.now() - sentAt <= FIRST_REPLY_TIMEOUT_MS) continue;
        watch.forget(chatId);
        missing += 1;
        done.push(chatId);
      }
      for (const chatId of done) {
        if (!waiting.delete(chatId)) continue;
        const free = slots.indexOf(Number.POSITIVE_INFINITY);
        if (free >= 0) slots[free] = pause();
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const after = await health(port);
    const latencies = [...watch.latencies, ...Array.from({ length: missing }, () => Number.POSITIVE_INFINITY)].sort((a, b) => a - b);
    // A late duplicate would land after the first reply: give it a moment before checking.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    checkNoDuplicateReplies(world.emulator, chats, 1);
    return {
      db,
      orgs: options.firstReplyOrgs,
      chats: chats.length,
      samples: watch.latencies.length,
      missing,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
      deliveries: world.emulator.webhookDeliveries({ sinceSeq: deliveriesSeq }).filter((entry) => entry.status === 200).length,
      listings: listingsSince(world.emulator, startSeq),
      cpuPercent: ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100,
    };
  } finally {
    await stopBench(bench);
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join("  ");
  return `${line(header)}\n${rows.map(line).join("\n")}`;
}

/** A number for the JSON report: one decimal; null when not finite (no samples, or a reply missing). */
const jsonNumber = (n: number, digits = 1): number | null => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

function jsonReport(options: Options, results: Result[], firstReplies: FirstReplyResult[]): unknown {
  const worst = firstReplies.reduce((max, r) => Math.max(max, r.p99), Number.NEGATIVE_INFINITY);
  return {
    intake: options.intake,
    db: options.db,
    seconds: options.seconds,
    rate: options.rate,
    steady: results.map((r) => ({
      orgs: r.orgs,
      db: options.db[0],
      replies: r.steady.replies,
      offeredPerSecond: jsonNumber(r.steady.offered),
      replyP50Ms: jsonNumber(r.steady.p50),
      replyP99Ms: jsonNumber(r.steady.p99),
      cpuPercent: jsonNumber(r.steady.cpuPercent, 0),
      eventLoopP50Ms: jsonNumber(r.steady.eld.p50),
      eventLoopP99Ms: jsonNumber(r.steady.eld.p99),
      eventLoopMaxMs: jsonNumber(r.steady.eld.max),
      eventLoopWindows: r.steady.eldWindows,
      rssMb: jsonNumber(r.steady.rssMb, 0),
      heapMb: jsonNumber(r.steady.heapMb, 0),
      afterSaturation: { rssMb: jsonNumber(r.rssMb, 0), heapMb: jsonNumber(r.heapMb, 0) },
      saturation: { repliesPerSecond: jsonNumber(r.saturated.perSecond), p50Ms: jsonNumber(r.saturated.p50), cpuPercent: jsonNumber(r.saturated.cpuPercent, 0) },
      listChats: r.listings,
      setupSeconds: jsonNumber(r.setupSeconds),
    })),
    firstReplyP99Ms: firstReplies.length > 0 ? jsonNumber(worst) : null,
    firstReply: Object.fromEntries(
      firstReplies.map((r) => [
        r.db,
        {
          p50Ms: jsonNumber(r.p50),
          p99Ms: jsonNumber(r.p99),
          maxMs: jsonNumber(r.max),
          samples: r.samples,
          missing: r.missing,
          chats: r.chats,
          orgs: r.orgs,
          concurrency: options.firstReplyConcurrency,
          webhookDeliveries: r.deliveries,
          listChats: r.listings,
          cpuPercent: jsonNumber(r.cpuPercent, 0),
        },
      ]),
    ),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // With --json, stdout carries the report alone; everything else goes to stderr.
  const say = options.json ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => process.stdout.write(`${line}\n`);
  const progress = options.json ? process.stderr : process.stdout;
  const intakeText =
    options.intake === "webhooks"
      ? "webhooks (registered bot webhooks; worker defaults: reconcile every 600 s, inbox poll 250 ms on SQLite, NOTIFY on PostgreSQL, control-frame keepalive)"
      : "listing (no webhooks; list_chats every 3 s, `ping` action keepalive)";
  say(`Worker benchmark — ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load ${loadavg().map((n) => n.toFixed(2)).join(" ")}, Node ${process.version}`);
  say(`Intake: ${intakeText}.`);
  say(`Databases: ${options.db.join(", ")} (steady and saturation on ${options.db[0]}; first reply on each); phases of ${options.seconds} s; emulator and webhook receiver in this process, worker in its own.\n`);
  const results: Result[] = [];
  for (const orgs of options.orgs) {
    progress.write(`running ${orgs} organization(s) on ${options.db[0]}… `);
    const result = await runOnce(orgs, options);
    say(`done (setup ${result.setupSeconds.toFixed(1)} s)`);
    results.push(result);
  }
  const firstReplies: FirstReplyResult[] = [];
  for (const db of options.db) {
    progress.write(`first replies on ${db} (${options.firstReplyOrgs} organizations, ${options.firstReplyChats} new chats)… `);
    const result = await runFirstReplies(db, options);
    say("done");
    firstReplies.push(result);
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify(jsonReport(options, results, firstReplies))}\n`);
    return;
  }
  const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : n === Number.POSITIVE_INFINITY ? "missing" : "–");
  if (results.length > 0) {
    console.log(`\nSteady load (${options.rate} messages/s offered, all organizations together; ${options.db[0]}):`);
    console.log(
      table(
        ["orgs", "replies", "replies/s", "latency p50 ms", "p99 ms", "worker CPU %", "event-loop delay p50/p99/max ms*", "worker RSS / heap MB (steady; after saturation)", "list_chats"],
        results.map((r) => [
          String(r.orgs),
          String(r.steady.replies),
          f(r.steady.replies / options.seconds),
          f(r.steady.p50),
          f(r.steady.p99),
          f(r.steady.cpuPercent, 0),
          `${f(r.steady.eld.p50)} / ${f(r.steady.eld.p99)} / ${f(r.steady.eld.max)}`,
          `${f(r.steady.rssMb, 0)} / ${f(r.steady.heapMb, 0)}; ${f(r.rssMb, 0)} / ${f(r.heapMb, 0)}`,
          String(r.listings),
        ]),
      ),
    );
    console.log(
      `* the worst of the worker's 5 s event-loop windows at least half inside the phase (${results.map((r) => r.steady.eldWindows).join(", ")} window(s)); RSS and heap at the end of the steady phase, and after the saturation phase.`,
    );
    console.log("\nSaturation (each organization's customer waits for the reply, then writes again):");
    console.log(
      table(
        ["orgs", "replies/s", "latency p50 ms", "worker CPU %"],
        results.map((r) => [String(r.orgs), f(r.saturated.perSecond), f(r.saturated.p50), f(r.saturated.cpuPercent, 0)]),
      ),
    );
  }
  console.log(
    `\nFirst reply to a brand-new chat (a world of ${options.firstReplyOrgs} organizations per database; the customer starts a chat, then writes at once;` +
      ` ${options.firstReplyConcurrency} chats at a time, each after a random pause of up to ${FIRST_REPLY_MAX_PAUSE_MS} ms; no reply within ${FIRST_REPLY_TIMEOUT_MS / 1000} s counts as missing):`,
  );
  console.log(
    table(
      ["db", "orgs", "chats", "replies", "missing", "latency p50 ms", "p99 ms", "max ms", "worker CPU %", "webhook deliveries", "list_chats"],
      firstReplies.map((r) => [
        r.db,
        String(r.orgs),
        String(r.chats),
        String(r.samples),
        String(r.missing),
        f(r.p50),
        f(r.p99),
        f(r.max),
        f(r.cpuPercent, 0),
        String(r.deliveries),
        String(r.listings),
      ]),
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
