"use client";
// The organization's LiveChat groups, for the bots' groups picker and for naming groups in lists.
import useSWR from "swr";
import { fetchJson } from "./fetcher";

export interface GroupOption {
  id: number;
  name: string;
}

export function groupsKey(orgId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/groups`;
}

export function useGroups(orgId: string, fallbackData?: { groups: GroupOption[] }) {
  return useSWR<{ groups: GroupOption[] }>(groupsKey(orgId), fetchJson, {
    fallbackData,
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
}
