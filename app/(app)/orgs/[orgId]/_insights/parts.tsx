"use client";
// Small pieces the insight pages share: outcome tags, the refresh-failed notice that keeps the
// last data on screen, and a sub-navigation between the Activity feed and rule statistics.
import Link from "next/link";
import type { ActivityOutcome } from "@/lib/validation/activity";
import styles from "./insights.module.css";
import { OUTCOME_LABELS, OUTCOME_TONES } from "./labels";

const TONE_CLASS = { ok: styles.tagOk, warn: styles.tagWarn, bad: styles.tagBad, plain: "" } as const;

export function OutcomeTag({ outcome }: { outcome: ActivityOutcome }) {
  return <span className={`${styles.tag} ${TONE_CLASS[OUTCOME_TONES[outcome]] ?? ""}`}>{OUTCOME_LABELS[outcome] ?? outcome}</span>;
}

export function Tag({ tone = "plain", children }: { tone?: keyof typeof TONE_CLASS; children: React.ReactNode }) {
  return <span className={`${styles.tag} ${TONE_CLASS[tone]}`}>{children}</span>;
}

/** Shown when a refresh failed; the page keeps showing what it had. */
export function RefreshError({ what, error, onRetry, isRetrying }: { what: string; error: unknown; onRetry: () => void; isRetrying: boolean }) {
  if (!error) return null;
  return (
    <p role="alert" className="alert error">
      {what} could not be refreshed: {error instanceof Error ? error.message : "unknown error"}{" "}
      <button type="button" className="button secondary" onClick={onRetry} disabled={isRetrying}>
        {isRetrying ? "Retrying…" : "Retry"}
      </button>
    </p>
  );
}

export function ActivityTabs({ orgId, current }: { orgId: string; current: "feed" | "statistics" }) {
  const base = `/orgs/${encodeURIComponent(orgId)}/activity`;
  return (
    <nav aria-label="Activity views" className={styles.subnav}>
      <Link href={base} aria-current={current === "feed" ? "page" : undefined}>
        Feed
      </Link>
      <Link href={`${base}/statistics`} aria-current={current === "statistics" ? "page" : undefined}>
        Rule statistics
      </Link>
    </nav>
  );
}
