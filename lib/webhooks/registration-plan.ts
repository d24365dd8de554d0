// What to change in LiveChat so exactly the wanted bot webhooks are registered (livechat-api.md
// 7.1): keep one exact match per action, unregister our other registrations (older secret, older
// settings, duplicates), register what is missing. A pure function of what `list_webhooks` said.
import type { LiveChatWebhook } from "../livechat/configuration-api";
import { isOurs, matchesWanted, type WantedWebhook } from "./wanted-webhooks";

/** livechat-api.md 7.1: at most 3 webhooks per action per Client ID. */
export const WEBHOOKS_PER_ACTION_LIMIT = 3;

export interface RegistrationPlan {
  /** One per wanted action that LiveChat already has. */
  keep: LiveChatWebhook[];
  /** Ours but not wanted as they are: unregister, before registering anything. */
  stale: LiveChatWebhook[];
  missing: WantedWebhook[];
  /** Actions where registering would pass the limit, even after the stale ones are gone. */
  overLimit: Array<{ action: string; others: number }>;
}

export function planRegistration(listed: readonly LiveChatWebhook[], wanted: readonly WantedWebhook[], url: string): RegistrationPlan {
  // The lowest id wins among exact duplicates, so processes that register at once keep the same one.
  const byId = [...listed].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keep: LiveChatWebhook[] = [];
  const missing: WantedWebhook[] = [];
  for (const want of wanted) {
    const match = byId.find((candidate) => matchesWanted(candidate, want));
    if (match) keep.push(match);
    else missing.push(want);
  }
  const kept = new Set(keep.map((entry) => entry.id));
  const stale = byId.filter((entry) => !kept.has(entry.id) && isOurs(entry, url));
  const staleIds = new Set(stale.map((entry) => entry.id));
  const overLimit = missing.flatMap((want) => {
    const others = byId.filter((entry) => entry.action === want.action && !staleIds.has(entry.id)).length;
    return others + 1 > WEBHOOKS_PER_ACTION_LIMIT ? [{ action: want.action, others }] : [];
  });
  return { keep, stale, missing, overLimit };
}
