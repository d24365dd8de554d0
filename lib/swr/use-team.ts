"use client";
// The Team page's data: members, roles, last activity and the worker connection of one organization.
import useSWR from "swr";
import type { Team } from "../validation/organization";
import { fetchJson } from "./fetcher";

export function teamKey(orgId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/team`;
}

export function useTeam(orgId: string, fallbackData?: Team) {
  return useSWR<Team>(teamKey(orgId), fetchJson, { fallbackData, refreshInterval: 30_000 });
}
