"use client";
// One activity entry with its full trace, loaded when someone opens it.
import useSWR from "swr";
import type { ActivityDetail } from "../data/activity";
import { fetchJson } from "./fetcher";

export function activityEntryKey(orgId: string, activityId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/activity/${encodeURIComponent(activityId)}`;
}

export function useActivityEntry(orgId: string, activityId: string | null) {
  return useSWR<{ activity: ActivityDetail }>(activityId ? activityEntryKey(orgId, activityId) : null, fetchJson, { revalidateOnFocus: false });
}
