"use client";
// The audit log, newest first, one page at a time ("Show older" loads the next).
import useSWRInfinite from "swr/infinite";
import type { AuditPage } from "../data/audit-entries";
import { fetchJson } from "./fetcher";

export function auditKey(orgId: string, cursor?: string | null): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
}

export function useAuditLog(orgId: string, fallbackData?: AuditPage[]) {
  return useSWRInfinite<AuditPage>(
    (index, previous: AuditPage | null) => (index === 0 ? auditKey(orgId) : previous?.nextCursor ? auditKey(orgId, previous.nextCursor) : null),
    fetchJson,
    { fallbackData, refreshInterval: 30_000, revalidateFirstPage: true },
  );
}
