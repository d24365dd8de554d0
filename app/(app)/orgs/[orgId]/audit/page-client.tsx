"use client";

import type { AuditEntryView, AuditPage } from "@/lib/data/audit-entries";
import { useAuditLog } from "@/lib/swr/use-audit-log";
import styles from "../_insights/insights.module.css";
import { auditActionLabel } from "../_insights/labels";
import { RefreshError } from "../_insights/parts";
import { TimeAgo } from "../team/time-ago";

export function AuditPageClient({ orgId, firstPage }: { orgId: string; firstPage: AuditPage }) {
  const { data, error, mutate, isValidating, size, setSize } = useAuditLog(orgId, [firstPage]);
  const pages = data ?? [firstPage];
  const entries = pages.flatMap((page) => page.entries);
  const hasMore = pages[pages.length - 1]?.nextCursor != null;
  const isLoadingMore = size > pages.length;
  return (
    <>
      <RefreshError what="The audit log" error={error} onRetry={() => void mutate()} isRetrying={isValidating} />
      {entries.length === 0 ? (
        <section className={`card ${styles.section}`} aria-label="No changes yet">
          <h2>No changes yet</h2>
          <p className="muted">When someone creates, changes or deletes a bot or a rule, it is recorded here.</p>
        </section>
      ) : (
        <div className={styles.tableWrap}>
          <table className={`${styles.table} ${styles.stacked}`}>
            <caption className="muted" style={{ textAlign: "left", paddingBottom: "0.5rem" }}>
              Newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && (
        <div className={styles.more}>
          <button type="button" className="button secondary" onClick={() => void setSize(size + 1)} disabled={isLoadingMore}>
            {isLoadingMore ? "Loading older changes…" : "Show older changes"}
          </button>
        </div>
      )}
    </>
  );
}

function AuditRow({ entry }: { entry: AuditEntryView }) {
  return (
    <tr data-audit={entry.action}>
      <td style={{ whiteSpace: "nowrap" }}>
        <TimeAgo iso={entry.createdAt} />
      </td>
      <td>
        {entry.actor ? (
          <>
            {entry.actor.name}
            <span className={styles.sub}>{entry.actor.email}</span>
          </>
        ) : (
          <span className="muted">Botdesk</span>
        )}
      </td>
      <td>
        <span>
          {auditActionLabel(entry.action)} {entry.targetName ? <strong>{entry.targetName}</strong> : <code>{entry.targetId}</code>}
        </span>
        {entry.changes.length > 0 && (
          <ul className={styles.changes} aria-label="Changes">
            {entry.changes.map((change) => (
              <li key={change.field}>
                <code>{change.field}</code>:{" "}
                {change.before !== null && (
                  <>
                    <span className={styles.visuallyHidden}>from </span>
                    <del className={styles.before}>{change.before}</del>
                  </>
                )}
                {change.before !== null && change.after !== null && " → "}
                {change.after !== null ? (
                  <>
                    <span className={styles.visuallyHidden}>to </span>
                    <ins className={styles.after} style={{ textDecoration: "none" }}>
                      {change.after}
                    </ins>
                  </>
                ) : (
                  <span className="muted"> (removed)</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
