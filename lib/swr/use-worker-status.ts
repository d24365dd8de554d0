"use client";
// The Worker page's data: every worker, this organization's connection, how new chats reach the
// worker and what LiveChat requests cost, refreshed often enough to see a beat stop. "Register
// again" answers the new registration and revalidates the same key.
import useSWR from "swr";
import type { WebhookIntake } from "../data/webhook-intake";
import type { WorkerPageData } from "../data/worker-status";
import type { Jsonified } from "../insights/serialize";
import { fetchJson, sendJson, thenRevalidate } from "./fetcher";

export type WorkerStatusView = Jsonified<WorkerPageData>;
export type WebhookIntakeView = Jsonified<WebhookIntake>;

export function workerStatusKey(orgId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/worker`;
}

export function useWorkerStatus(orgId: string, fallbackData?: WorkerStatusView) {
  const key = workerStatusKey(orgId);
  const swr = useSWR<WorkerStatusView>(key, fetchJson, { fallbackData, refreshInterval: 5_000, keepPreviousData: true });
  return {
    ...swr,
    // Revalidated after a failure too: a failed attempt is stored with its error.
    registerWebhooks: () => thenRevalidate(() => swr.mutate(), sendJson<{ webhooks: WebhookIntakeView }>(`${key}/webhooks`, "POST")),
  };
}
