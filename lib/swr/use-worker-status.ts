"use client";
// The Worker page's data: every worker and this organization's connection, refreshed often
// enough to see a beat stop.
import useSWR from "swr";
import type { WorkerStatusPage } from "../data/worker-status";
import type { Jsonified } from "../insights/serialize";
import { fetchJson } from "./fetcher";

export type WorkerStatusView = Jsonified<WorkerStatusPage>;

export function workerStatusKey(orgId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/worker`;
}

export function useWorkerStatus(orgId: string, fallbackData?: WorkerStatusView) {
  return useSWR<WorkerStatusView>(workerStatusKey(orgId), fetchJson, { fallbackData, refreshInterval: 5_000, keepPreviousData: true });
}
