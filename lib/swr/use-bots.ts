"use client";
// The Bots page's data: the organization's bots as LiveChat and Botdesk have them, and the calls
// that change them. Every change revalidates the same key, so the list shows LiveChat's answer.
import useSWR from "swr";
import type { BotView } from "../bots/bot-view";
import type { BotsOverview } from "../bots/manage-bots";
import type { BotInput, BotPatch, BotRoutingStatus } from "../validation/bot";
import { fetchJson, sendJson, thenRevalidate } from "./fetcher";

export function botsKey(orgId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/bots`;
}

export function useBots(orgId: string, fallbackData?: BotsOverview) {
  const key = botsKey(orgId);
  const swr = useSWR<BotsOverview>(key, fetchJson, { fallbackData, refreshInterval: 30_000 });
  const botUrl = (botId: string, action = "") => `${key}/${encodeURIComponent(botId)}${action}`;
  // Revalidate after failures too: a routing change may be stored although LiveChat refused it.
  const changed = <T,>(call: Promise<T>): Promise<T> => thenRevalidate(() => swr.mutate(), call);
  return {
    ...swr,
    createBot: (input: BotInput) => changed(sendJson<{ bot: BotView }>(key, "POST", input)),
    updateBot: (botId: string, patch: BotPatch) => changed(sendJson<{ bot: BotView }>(botUrl(botId), "PATCH", patch)),
    deleteBot: (botId: string) => changed(sendJson<null>(botUrl(botId), "DELETE")),
    setRoutingStatus: (botId: string, status: BotRoutingStatus) =>
      changed(sendJson<{ bot: BotView }>(botUrl(botId, "/routing-status"), "PUT", { status })),
    resetSecret: (botId: string) => changed(sendJson<{ bot: BotView }>(botUrl(botId, "/reset-secret"), "POST")),
    adoptBot: (livechatBotId: string) => changed(sendJson<{ bot: BotView }>(`${key}/adopt`, "POST", { livechatBotId })),
  };
}
