"use client";
// The Activity feed: pages of what the bots did, refreshed every few seconds. The key carries the
// organization and the filters; the previous list stays on screen while a new filter loads.
import useSWRInfinite from "swr/infinite";
import type { ActivityPage } from "../data/activity";
import type { ActivityOutcome } from "../validation/activity";
import { fetchJson } from "./fetcher";

export interface ActivityFilters {
  bot?: string | undefined;
  rule?: string | undefined;
  outcome?: ActivityOutcome | undefined;
}

export const ACTIVITY_REFRESH_MS = 3_000;

export function activityKey(orgId: string, filters: ActivityFilters, cursor?: string | null): string {
  const query = new URLSearchParams();
  if (filters.bot) query.set("bot", filters.bot);
  if (filters.rule) query.set("rule", filters.rule);
  if (filters.outcome) query.set("outcome", filters.outcome);
  if (cursor) query.set("cursor", cursor);
  const search = query.toString();
  return `/api/orgs/${encodeURIComponent(orgId)}/activity${search ? `?${search}` : ""}`;
}

export function useActivity(orgId: string, filters: ActivityFilters, fallbackData?: ActivityPage[]) {
  return useSWRInfinite<ActivityPage>(
    (index, previous: ActivityPage | null) => (index === 0 ? activityKey(orgId, filters) : previous?.nextCursor ? activityKey(orgId, filters, previous.nextCursor) : null),
    fetchJson,
    { fallbackData, refreshInterval: ACTIVITY_REFRESH_MS, keepPreviousData: true, revalidateFirstPage: true, revalidateOnFocus: true },
  );
}
