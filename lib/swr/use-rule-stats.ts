"use client";
// Rule statistics and unmatched customer messages of one organization.
import useSWR from "swr";
import type { RuleStats } from "../data/rule-stats";
import { fetchJson } from "./fetcher";

export function ruleStatsKey(orgId: string, botId?: string): string {
  const search = botId ? `?bot=${encodeURIComponent(botId)}` : "";
  return `/api/orgs/${encodeURIComponent(orgId)}/stats/rules${search}`;
}

export function useRuleStats(orgId: string, botId: string | undefined, fallbackData?: RuleStats) {
  return useSWR<RuleStats>(ruleStatsKey(orgId, botId), fetchJson, { fallbackData, refreshInterval: 15_000, keepPreviousData: true });
}
