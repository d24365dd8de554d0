// The LiveChat reads the dashboard repeats — the bots list, the routing statuses, the groups — kept
// for 30 s per organization and LiveChat authorization (livechat-api.md 10.1: LiveChat bills every
// request, and the Bots page asks for these on every visit and every refresh). Callers asking at
// once share one request; a failure is never kept. The organization's configVersion is part of the
// key, so a bot change made here (every one bumps it, lib/data/config-version.ts) is seen at once by
// every dashboard instance; `invalidateLiveChatReads` also drops this instance's entries at once.
import crypto from "node:crypto";
import type { DbClient } from "../data/db-client";
import { listRoutingStatuses } from "../livechat/agent-web-api";
import * as configurationApi from "../livechat/configuration-api";
import type { LiveChatApiContext } from "../livechat/http";

/** How long a read is reused. Defaults to 30,000 ms. */
export const READ_CACHE_TTL_MS = 30_000;
/** Entries kept at most per process; the oldest go first. */
const MAX_ENTRIES = 5_000;

export interface ReadScope {
  db: DbClient;
  orgId: string;
  /** The API host and the signed-in member's own token: LiveChat's permissions differ per member. */
  api: LiveChatApiContext;
}

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
}

const globalForCache = globalThis as unknown as { __botdeskLiveChatReads?: { entries: Map<string, Entry>; generations: Map<string, number> } };
const cache = (globalForCache.__botdeskLiveChatReads ??= { entries: new Map(), generations: new Map() });

function authorizationKey(api: LiveChatApiContext): string {
  return crypto.createHash("sha256").update(`${api.apiUrl}\n${api.token ?? ""}`).digest("base64url").slice(0, 32);
}

function evict(now: number): void {
  if (cache.entries.size < MAX_ENTRIES) return;
  for (const [key, entry] of cache.entries) if (entry.expiresAt <= now) cache.entries.delete(key);
  for (const key of cache.entries.keys()) {
    if (cache.entries.size < MAX_ENTRIES) break;
    cache.entries.delete(key);
  }
}

function remember<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const found = cache.entries.get(key);
  if (found && found.expiresAt > now) return found.value.then((value: unknown) => structuredClone(value) as T);
  evict(now);
  const value = load();
  const entry = { expiresAt: now + READ_CACHE_TTL_MS, value };
  cache.entries.set(key, entry);
  value.catch(() => {
    if (cache.entries.get(key) === entry) cache.entries.delete(key);
  });
  return value.then((result) => structuredClone(result));
}

/** The cached reads for one organization and member's authorization. */
export function liveChatReads(scope: ReadScope) {
  let version: Promise<number> | undefined;
  const keyOf = async (action: string, params: unknown) => {
    version ??= scope.db.organization
      .findUnique({ where: { id: scope.orgId }, select: { configVersion: true } })
      .then((org) => org?.configVersion ?? -1);
    const generation = cache.generations.get(scope.orgId) ?? 0;
    return [scope.orgId, generation, await version, authorizationKey(scope.api), action, JSON.stringify(params)].join("\n");
  };
  return {
    async listBots(params: { all?: boolean; fields?: configurationApi.BotField[] } = {}) {
      return remember(await keyOf("list_bots", params), () => configurationApi.listBots(scope.api, params));
    },
    async listRoutingStatuses(params: { groupIds?: number[] } = {}) {
      return remember(await keyOf("list_routing_statuses", params), () => listRoutingStatuses(scope.api, params));
    },
    async listGroups() {
      return remember(await keyOf("list_groups", {}), () => configurationApi.listGroups(scope.api));
    },
  };
}

/** After a change made through LiveChat (a routing status, for one): this instance asks again. */
export function invalidateLiveChatReads(orgId: string): void {
  cache.generations.set(orgId, (cache.generations.get(orgId) ?? 0) + 1);
}
