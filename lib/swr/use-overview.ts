"use client";
// The Overview page's data: bots, worker health, today's numbers, warnings.
import useSWR from "swr";
import type { Overview } from "../data/overview";
import { fetchJson } from "./fetcher";

export function overviewKey(orgId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/overview`;
}

export function useOverview(orgId: string, fallbackData?: Overview) {
  return useSWR<Overview>(overviewKey(orgId), fetchJson, { fallbackData, refreshInterval: 10_000, keepPreviousData: true });
}
