"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { ActivityDetail } from "@/lib/data/activity";
import { useActivityEntry } from "@/lib/swr/use-activity-entry";
import type { ActivityTraceView } from "@/lib/insights/activity-trace";
import styles from "../_insights/insights.module.css";
import { conditionLabel, engineOutcomeLabel, suppressedReason, traceStatusLabel } from "../_insights/labels";
import { OutcomeTag, Tag } from "../_insights/parts";

/** One entry with the full trace of the rule evaluation, in a modal dialog (Escape closes it). */
export function ActivityDialog({ orgId, activityId, onClose }: { orgId: string; activityId: string | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { data, error, isLoading, mutate } = useActivityEntry(orgId, activityId);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (activityId && !dialog.open) dialog.showModal();
    if (!activityId && dialog.open) dialog.close();
  }, [activityId]);

  const activity = data?.activity.id === activityId ? data.activity : undefined;
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby="activity-dialog-title" onClose={onClose}>
      <h2 id="activity-dialog-title">What the bot did, and why</h2>
      <div className={styles.dialogBody} aria-busy={isLoading}>
        {error ? (
          <p role="alert" className="alert error">
            This entry could not be loaded: {error instanceof Error ? error.message : "unknown error"}{" "}
            <button type="button" className="button secondary" onClick={() => void mutate()}>
              Retry
            </button>
          </p>
        ) : activity ? (
          <ActivityDetails orgId={orgId} activity={activity} />
        ) : (
          <p role="status" className="muted">
            Loading the trace…
          </p>
        )}
      </div>
      <div className={styles.actions}>
        <button type="button" className="button" onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}

function Highlighted({ text, span }: { text: string; span: { start: number; end: number } | undefined }) {
  if (!span || span.start >= text.length || span.end <= span.start) return <>{text}</>;
  const end = Math.min(span.end, text.length);
  return (
    <>
      {text.slice(0, span.start)}
      <mark className={styles.mark}>{text.slice(span.start, end)}</mark>
      {text.slice(end)}
    </>
  );
}

function traceTone(rule: ActivityTraceView["rules"][number]): "ok" | "warn" | "bad" | "plain" {
  if (rule.status === "fired") return "ok";
  if (rule.status === "invalid") return "bad";
  return rule.status === "no_match" || rule.status === "disabled" ? "plain" : "warn";
}

/** "197 did not match, 2 matched, but an earlier rule fired": the rules a stored summary counts. */
function othersText(others: Record<string, number>): string {
  return Object.entries(others)
    .sort(([, a], [, b]) => b - a)
    .map(([status, count]) => `${count.toLocaleString("en-US")} ${traceStatusLabel(status).toLowerCase()}`)
    .join(", ");
}

/**
 * The rule evaluation. Entries stored since traces are bounded keep the deciding rule and counts
 * for the others; older entries list every rule.
 */
function TraceDetails({ orgId, activity }: { orgId: string; activity: ActivityDetail }) {
  const { trace } = activity;
  if (!trace) {
    return (
      <p className="muted">{activity.outcome === "missed" ? "The message arrived while no worker was listening and was too old to answer, so no rule ran." : "No trace was recorded for this entry."}</p>
    );
  }
  const ruleCount = trace.summary?.ruleCount ?? trace.rules.length;
  if (ruleCount === 0) return <p className="muted">The bot had no rules when this message arrived.</p>;
  const otherCount = trace.summary ? ruleCount - trace.rules.length : 0;
  const rulesPage = activity.botId ? `/orgs/${encodeURIComponent(orgId)}/rules?${new URLSearchParams({ bot: activity.botId })}` : null;
  return (
    <>
      {trace.rules.length > 0 && (
        <ol className={styles.trace}>
          {trace.rules.map((rule) => (
            <li key={rule.ruleId} className={styles.traceRow}>
              <strong>
                {rule.position + 1}. {rule.ruleName}
              </strong>
              <Tag tone={traceTone(rule)}>{traceStatusLabel(rule.status)}</Tag>
              {rule.failedCondition && <span className="muted">Condition: {conditionLabel(rule.failedCondition)}</span>}
              {rule.cooldownEndsAt && <span className="muted">Fires again after {rule.cooldownEndsAt.slice(0, 16).replace("T", " ")} UTC</span>}
              {rule.status === "shadowed" && rule.wouldHaveFired === true && <span className="muted">Would have fired otherwise</span>}
              {rule.wouldHaveBeen && <span className="muted">Otherwise: {traceStatusLabel(rule.wouldHaveBeen).toLowerCase()}</span>}
              {rule.error && <span className="muted">{rule.error}</span>}
            </li>
          ))}
        </ol>
      )}
      {trace.summary && otherCount > 0 && (
        <p className="muted">
          {trace.rules.length > 0 ? "The other " : "All "}
          {otherCount === 1 ? "rule" : `${otherCount.toLocaleString("en-US")} rules`}: {othersText(trace.summary.others)}.{" "}
          {rulesPage ? (
            <>
              To see each rule&apos;s reason, try the message in the <Link href={rulesPage}>test console</Link>.
            </>
          ) : (
            "The test console on the Rules page shows each rule's reason for a message."
          )}
        </p>
      )}
    </>
  );
}

function ActivityDetails({ orgId, activity }: { orgId: string; activity: ActivityDetail }) {
  const base = `/orgs/${encodeURIComponent(orgId)}`;
  const fired = activity.trace?.rules.find((rule) => rule.status === "fired");
  const reason = suppressedReason(activity.trace?.suppressedReason);
  return (
    <>
      <dl className={styles.dl}>
        <dt>When</dt>
        <dd>
          <time dateTime={activity.createdAt}>{`${activity.createdAt.slice(0, 19).replace("T", " ")} UTC`}</time>
        </dd>
        <dt>Outcome</dt>
        <dd>
          <OutcomeTag outcome={activity.outcome} />
          {engineOutcomeLabel(activity.trace?.outcome) && <span className={styles.sub}>{engineOutcomeLabel(activity.trace?.outcome)}</span>}
        </dd>
        <dt>Bot</dt>
        <dd>{activity.botName ?? "Deleted bot"}</dd>
        <dt>Rule</dt>
        <dd>{activity.ruleName ?? "None"}</dd>
        {reason && (
          <>
            <dt>Why quiet</dt>
            <dd>Suppressed because {reason}.</dd>
          </>
        )}
        {activity.detail && (
          <>
            <dt>{activity.outcome === "failed" ? "What failed" : "Detail"}</dt>
            <dd>{activity.detail}</dd>
          </>
        )}
        {activity.chatId && (
          <>
            <dt>Chat</dt>
            <dd>
              <code>{activity.chatId}</code>
            </dd>
          </>
        )}
      </dl>
      {activity.messageText && (
        <figure style={{ margin: 0 }}>
          <figcaption className="muted">The customer wrote (shortened)</figcaption>
          <blockquote className={styles.quote}>
            <Highlighted text={activity.messageText} span={fired?.matchedSpan} />
          </blockquote>
        </figure>
      )}
      <section aria-labelledby="trace-title" className={styles.section}>
        <h3 id="trace-title" style={{ margin: 0 }}>
          Rule evaluation
        </h3>
        <TraceDetails orgId={orgId} activity={activity} />
      </section>
      {!activity.ruleId && activity.messageText && activity.botId && (
        <p>
          <Link href={`${base}/rules?${new URLSearchParams({ bot: activity.botId, prefill: activity.messageText })}`}>Create a rule from this message</Link>
        </p>
      )}
    </>
  );
}
