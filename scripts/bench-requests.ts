// What LiveChat would bill for one organization with one accepting bot (livechat-api.md 10.1),
// counted by the emulator (every HTTP request and RTM action, failed ones too, except HTTP 500),
// for the old event intake (listing chats every 3 s, the `ping` action as keepalive) and the new
// one (bot webhooks, reconciliation every 10 min, control-frame keepalive). Run with
// `npm run bench:requests`.
//
//   --minutes 20    simulated idle minutes per mode (at least 10)
//   --scale 60      simulated seconds per real second in the idle phase (timers are shortened by it)
//   --chats 10      new chats in the activity phase; each customer starts a chat, then writes
//   --messages 3    customer messages per chat, each waited for
//   --price 0.27    USD per 1,000 requests (the private-app price up to 1M a month)
//   --json          one JSON object instead of tables
//
// Idle: requests during the simulated window, after the connection is up, scaled to a day; the
// once-a-day upkeep that a short window cannot see (access-token refreshes with `update_session`,
// bot-token renewals; livechat-api.md 4.3, 2.6) is added from the worker's schedule and printed
// apart. Activity: the requests a new chat and each answered message add (periodic listings and
// keepalives excluded: they are the idle cost).
import { createWorld, repliesTo, waitFor, type World } from "../tests/integration/worker/world";
import type { RequestCounts } from "../tests/emulator";
import type { WorkerSettings } from "../worker/settings";

interface Options {
  minutes: number;
  scale: number;
  chats: number;
  messages: number;
  price: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { minutes: 20, scale: 60, chats: 10, messages: 3, price: 0.27, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--minutes" && value) options.minutes = Math.max(10, Number(value));
    if (flag === "--scale" && value) options.scale = Math.max(1, Number(value));
    if (flag === "--chats" && value) options.chats = Math.max(1, Number(value));
    if (flag === "--messages" && value) options.messages = Math.max(1, Number(value));
    if (flag === "--price" && value) options.price = Math.max(0, Number(value));
    if (flag === "--json") options.json = true;
  }
  return options;
}

type Mode = "before" | "after";

interface ModeResult {
  idleRequestsPerOrgPerDay: number;
  idleMeasuredPerDay: number;
  idleUpkeepPerDay: number;
  idleByActionPerDay: Record<string, number>;
  requestsPerNewChat: number;
  requestsPerAnsweredMessage: number;
  requestsPerAnsweredMessageWithChat: number;
  activityByAction: Record<string, number>;
  answeredMessages: number;
  idleMonthlyCostUsd: number;
}

const DAY_MS = 86_400_000;
const PERIODIC = new Set(["agent-web:list_chats", "rtm:list_chats", "rtm:ping"]);

function diff(after: RequestCounts, before: RequestCounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [action, count] of Object.entries(after.byAction)) {
    const delta = count - (before.byAction[action] ?? 0);
    if (delta > 0) out[action] = delta;
  }
  return out;
}

const sum = (counts: Record<string, number>, skip?: Set<string>) =>
  Object.entries(counts).reduce((total, [action, count]) => total + (skip?.has(action) ? 0 : count), 0);

/** Waits until the organization's bill, periodic listings and keepalives aside, has not moved for `quietMs`. */
async function quiet(world: World, organizationId: string, quietMs: number): Promise<void> {
  const billed = () => sum(world.emulator.requestCounts({ organizationId }).byAction, PERIODIC);
  let last = billed();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = billed();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

/** Requests a day the idle window cannot see: token upkeep, from the worker's own schedule. */
function dailyUpkeep(settings: WorkerSettings, bots: number): number {
  // livechat-api.md 4.3: refreshed `tokenRefreshMarginMs` before its 8 h expiry, then `update_session`.
  const refreshesPerDay = DAY_MS / (8 * 3_600_000 - settings.tokenRefreshMarginMs);
  // 2.6: bot tokens are replaced after `botTokenRenewAfterMs`.
  const botTokensPerDay = (DAY_MS / settings.botTokenRenewAfterMs) * bots;
  return refreshesPerDay * 2 + botTokensPerDay;
}

async function runMode(mode: Mode, options: Options): Promise<ModeResult> {
  const world = await createWorld({
    provider: "sqlite",
    webhooks: mode === "after",
    timings: { pingTimeoutMs: 30_000, loginTimeoutMs: 30_000, webhookTimeoutMs: 10_000 },
    ruleSettings: { maxRepliesPerChat: 100 },
  });
  const org = world.orgs[0]!;
  const organizationId = org.livechatOrgId;
  const real = world.settings();
  // The defaults of each mode, shortened by `scale` for the idle window.
  const listEveryMs = 3_000;
  const reconcileEveryMs = 600_000;
  const pingEveryMs = 15_000;
  const idleSettings: Partial<WorkerSettings> = {
    chatSyncIntervalMs: mode === "before" ? listEveryMs / options.scale : 5_000 / options.scale,
    reconcileIntervalMs: mode === "before" ? DAY_MS : reconcileEveryMs / options.scale,
    rtm: { ...real.rtm, pingIntervalMs: pingEveryMs / options.scale, silenceTimeoutMs: 10_000, keepalive: mode === "before" ? "ping_action" : "control_frame" },
    tokenRefreshMarginMs: 900_000,
    botTokenRenewAfterMs: 12 * 3_600_000,
  };
  try {
    // ── Idle ──
    let worker = await world.startWorker(idleSettings);
    await waitFor("the bot accepting chats", () => world.emulator.bots(organizationId)[0]?.routingStatus === "accepting_chats", 30_000);
    await quiet(world, organizationId, 300);
    const idleStart = world.emulator.requestCounts({ organizationId });
    const windowMs = (options.minutes * 60_000) / options.scale;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const idle = diff(world.emulator.requestCounts({ organizationId }), idleStart);
    await worker.stop();
    const perDay = DAY_MS / (options.minutes * 60_000);
    const idleByActionPerDay = Object.fromEntries(Object.entries(idle).map(([action, count]) => [action, Math.round(count * perDay)]));
    const idleMeasuredPerDay = sum(idle) * perDay;
    const idleUpkeepPerDay = dailyUpkeep(world.settings(idleSettings), 1);

    // ── Activity, at the mode's real timings ──
    worker = await world.startWorker({
      chatSyncIntervalMs: mode === "before" ? listEveryMs : 5_000,
      reconcileIntervalMs: mode === "before" ? DAY_MS : reconcileEveryMs,
      rtm: { ...real.rtm, keepalive: mode === "before" ? "ping_action" : "control_frame" },
    });
    await waitFor("the bot accepting chats", () => world.emulator.bots(organizationId)[0]?.routingStatus === "accepting_chats", 30_000);
    await quiet(world, organizationId, 500);
    const chatStart = world.emulator.requestCounts({ organizationId });
    const chats: string[] = [];
    for (let index = 0; index < options.chats; index += 1) chats.push(world.emulator.startChat({ organizationId, customer: { name: "Bench" } }).chatId);
    await waitFor(
      "every chat followed",
      () => chats.every((chatId) => world.emulator.getChat(chatId).threads.at(-1)?.followers.includes(org.adminAgentId) ?? false),
      30_000,
      20,
    );
    await quiet(world, organizationId, 500);
    const chatEnd = world.emulator.requestCounts({ organizationId });
    const perChat = diff(chatEnd, chatStart);
    let answered = 0;
    for (let round = 0; round < options.messages; round += 1) {
      for (const chatId of chats) {
        const { eventId } = world.emulator.sendCustomerMessage(chatId, `refund question ${round}`);
        await waitFor("the reply", () => repliesTo(world.emulator, chatId, eventId).length === 1, 30_000, 5);
        answered += 1;
      }
    }
    await quiet(world, organizationId, 500);
    const perMessage = diff(world.emulator.requestCounts({ organizationId }), chatEnd);
    await worker.stop();

    const newChatRequests = sum(perChat, PERIODIC);
    const messageRequests = sum(perMessage, PERIODIC);
    const activityByAction: Record<string, number> = {};
    for (const counts of [perChat, perMessage]) {
      for (const [action, count] of Object.entries(counts)) if (!PERIODIC.has(action)) activityByAction[action] = (activityByAction[action] ?? 0) + count;
    }
    const idleRequestsPerOrgPerDay = idleMeasuredPerDay + idleUpkeepPerDay;
    return {
      idleRequestsPerOrgPerDay: Math.round(idleRequestsPerOrgPerDay),
      idleMeasuredPerDay: Math.round(idleMeasuredPerDay),
      idleUpkeepPerDay: Math.round(idleUpkeepPerDay),
      idleByActionPerDay,
      requestsPerNewChat: newChatRequests / options.chats,
      requestsPerAnsweredMessage: messageRequests / answered,
      requestsPerAnsweredMessageWithChat: (newChatRequests + messageRequests) / answered,
      activityByAction,
      answeredMessages: answered,
      idleMonthlyCostUsd: Math.round(((idleRequestsPerOrgPerDay * 30) / 1000) * options.price * 100) / 100,
    };
  } finally {
    await world.close();
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return `${line(header)}\n${rows.map(line).join("\n")}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const before = await runMode("before", options);
  const after = await runMode("after", options);
  if (options.json) {
    console.log(JSON.stringify({ options, before, after }));
    return;
  }
  const f = (n: number, digits = 2) => n.toFixed(digits);
  console.log(`LiveChat requests for one organization with one accepting bot (billed as the emulator counts them)`);
  console.log(`Idle: ${options.minutes} simulated minutes at ${options.scale}× speed; activity: ${options.chats} new chats × ${options.messages} answered messages.\n`);
  console.log(
    table(
      ["", "before (list every 3 s)", "after (webhooks)"],
      [
        ["idle requests / org / day", String(before.idleRequestsPerOrgPerDay), String(after.idleRequestsPerOrgPerDay)],
        ["  of which measured", String(before.idleMeasuredPerDay), String(after.idleMeasuredPerDay)],
        ["  of which token upkeep (computed)", String(before.idleUpkeepPerDay), String(after.idleUpkeepPerDay)],
        ["idle cost / org / month (USD)", f(before.idleMonthlyCostUsd), f(after.idleMonthlyCostUsd)],
        ["requests per new chat", f(before.requestsPerNewChat), f(after.requestsPerNewChat)],
        ["requests per answered message", f(before.requestsPerAnsweredMessage), f(after.requestsPerAnsweredMessage)],
        ["  including the chat's own", f(before.requestsPerAnsweredMessageWithChat), f(after.requestsPerAnsweredMessageWithChat)],
      ],
    ),
  );
  const actions = [...new Set([...Object.keys(before.idleByActionPerDay), ...Object.keys(after.idleByActionPerDay)])].sort();
  console.log("\nIdle requests per day by action:");
  console.log(table(["action", "before", "after"], actions.map((action) => [action, String(before.idleByActionPerDay[action] ?? 0), String(after.idleByActionPerDay[action] ?? 0)])));
  const busy = [...new Set([...Object.keys(before.activityByAction), ...Object.keys(after.activityByAction)])].sort();
  console.log(`\nActivity requests by action (${before.answeredMessages} answered messages):`);
  console.log(table(["action", "before", "after"], busy.map((action) => [action, String(before.activityByAction[action] ?? 0), String(after.activityByAction[action] ?? 0)])));
  console.log(`\nPrice: $${options.price} per 1,000 requests (livechat-api.md 10.1); a month is 30 days.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
