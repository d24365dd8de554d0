// Reading and writing the emulator's state file (schema: state-file-schema.ts). Loading is all or
// nothing: a file that is not JSON, not an emulator state, of another format version or that does
// not validate is refused with a `StateFileError` that names the file and the way out (`--reset`).
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { EmulatorContext } from "./context";
import type { ChatEvent } from "./model";
import { STATE_FILE_FORMAT, STATE_FILE_VERSION, stateFileSchema, type StateFile, type StateFileInput } from "./state-file-schema";
import { FILTER_SCHEMAS, webhookKind } from "./webhook-catalogue";

const RESET_HINT =
  "Start over with --reset (option `resetState: true`), which replaces it with a freshly seeded state " +
  "(the bots, chats and tokens in it are lost), or move the file away to keep it.";

export class StateFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    hint = RESET_HINT,
  ) {
    super(`Cannot use the LiveChat emulator state file ${file}: ${reason}. ${hint}`);
    this.name = "StateFileError";
  }
}

/** Everything a restart keeps, as plain JSON-ready data. */
export function snapshotState(ctx: EmulatorContext): StateFileInput {
  const { state, tokens } = ctx;
  return {
    format: STATE_FILE_FORMAT,
    version: STATE_FILE_VERSION,
    clock: ctx.clock.snapshot(),
    organizations: [...state.organizations.values()].map((organization) => ({ ...organization, groups: [...organization.groups.values()] })),
    agents: [...state.agents.values()],
    clients: [...state.clients.values()],
    bots: [...state.bots.values()].map((bot) => ({ ...bot, workScheduler: (bot.workScheduler ?? null) as z.core.util.JSONType })),
    customers: [...state.customers.values()],
    chats: [...state.chats.values()].map((chat) => ({
      ...chat,
      users: [...chat.users.values()],
      threads: chat.threads.map((thread) => ({ ...thread, followers: [...thread.followers] })),
      properties: chat.properties as Record<string, Record<string, z.core.util.JSONType>>,
    })),
    tokens: { access: [...tokens.accessTokens.values()], refresh: [...tokens.refreshTokens.values()], bot: [...tokens.botTokens.values()] },
    webhooks: ctx.webhooks.registry.list().map((webhook) => ({ ...webhook, filters: webhook.filters as Record<string, unknown> | undefined })),
  };
}

/** Compact JSON: a demo-sized state (1,000 chats) serializes in milliseconds (README). */
export function serializeState(ctx: EmulatorContext): string {
  return JSON.stringify(snapshotState(ctx));
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join(".") || "(top level)"}: ${issue.message}`);
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : "";
  return `${shown.join("; ")}${more}`;
}

/** Validates file contents; throws `StateFileError` for anything that cannot be loaded whole. */
export function parseStateFile(file: string, text: string): StateFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const header = raw !== null && typeof raw === "object" ? (raw as { format?: unknown; version?: unknown }) : {};
  if (header.format !== STATE_FILE_FORMAT) throw new StateFileError(file, "it is not an emulator state file");
  if (header.version !== STATE_FILE_VERSION) {
    throw new StateFileError(file, `it was written in state format version ${JSON.stringify(header.version)}, and this emulator reads version ${STATE_FILE_VERSION} only`);
  }
  const parsed = stateFileSchema.safeParse(raw);
  if (!parsed.success) throw new StateFileError(file, `it does not hold a valid state: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The file's state, or null when there is no file yet. */
export async function readStateFile(file: string): Promise<StateFile | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new StateFileError(file, `it cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseStateFile(file, text);
}

/**
 * Puts a loaded state into a fresh context. Human agents come back `offline`: their routing status
 * lives only as long as an RTM session (livechat-api.md 3.3), and a restarted emulator has none.
 * Bots keep theirs (a bot's status is not session-bound).
 */
export function restoreState(ctx: EmulatorContext, saved: StateFile): void {
  const { state, tokens } = ctx;
  ctx.clock.restore(saved.clock);
  for (const organization of saved.organizations) {
    state.organizations.set(organization.id, { ...organization, groups: new Map(organization.groups.map((group) => [group.id, group])) });
  }
  for (const agent of saved.agents) state.agents.set(agent.accountId, { ...agent, routingStatus: "offline" });
  for (const client of saved.clients) state.clients.set(client.clientId, client);
  for (const bot of saved.bots) state.bots.set(bot.id, bot);
  for (const customer of saved.customers) state.customers.set(customer.id, customer);
  for (const chat of saved.chats) {
    state.chats.set(chat.id, {
      ...chat,
      users: new Map(chat.users.map((user) => [user.id, user])),
      threads: chat.threads.map((thread) => ({ ...thread, events: thread.events as ChatEvent[], followers: new Set(thread.followers) })),
    });
  }
  for (const token of saved.tokens.access) tokens.accessTokens.set(token.token, token);
  for (const token of saved.tokens.refresh) tokens.refreshTokens.set(token.token, token);
  for (const token of saved.tokens.bot) tokens.botTokens.set(token.token, token);
  for (const { filters, ...webhook } of saved.webhooks) {
    // The schema checked the filters against the action's; parsing again only gives them their type.
    const kind = webhookKind(webhook.action);
    ctx.webhooks.registry.add({ ...webhook, ...(filters !== undefined && kind ? { filters: FILTER_SCHEMAS[kind].parse(filters) } : {}) });
  }
}
