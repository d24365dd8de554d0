"use client";

import Link from "next/link";
import type { RuleStats } from "@/lib/data/rule-stats";
import { useRuleStats } from "@/lib/swr/use-rule-stats";
import styles from "../../_insights/insights.module.css";
import { RefreshError, Tag } from "../../_insights/parts";
import { TimeAgo } from "../../team/time-ago";

/** The rules editor's prefill: `?bot=<id>&prefill=<customer message>`. */
export function rulePrefillHref(orgId: string, botId: string, text: string): string {
  return `/orgs/${encodeURIComponent(orgId)}/rules?${new URLSearchParams({ bot: botId, prefill: text })}`;
}

export function RuleStatsPageClient({ orgId, canManage, fallbackData }: { orgId: string; canManage: boolean; fallbackData: RuleStats }) {
  const { data, error, mutate, isValidating } = useRuleStats(orgId, undefined, fallbackData);
  const stats = data ?? fallbackData;
  const base = `/orgs/${encodeURIComponent(orgId)}`;
  return (
    <>
      <RefreshError what="The statistics" error={error} onRetry={() => void mutate()} isRetrying={isValidating} />
      <section className={styles.section} aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        {stats.rules.length === 0 ? (
          <div className="card">
            <p>
              No rules yet. <Link href={`${base}/rules`}>Give a bot its first rule</Link>; how often it fires shows up here.
            </p>
          </div>
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stacked}`}>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col" className={styles.num}>
                    Last 24 h
                  </th>
                  <th scope="col" className={styles.num}>
                    Last 7 days
                  </th>
                  <th scope="col">Last fired</th>
                </tr>
              </thead>
              <tbody>
                {stats.rules.map((rule) => (
                  <tr key={rule.ruleId}>
                    <th scope="row">
                      {rule.ruleName} {!rule.isEnabled && <Tag>Off</Tag>}
                      <span className={styles.sub}>{rule.botName}</span>
                    </th>
                    <td className={styles.num}>{rule.fired24h}</td>
                    <td className={styles.num}>{rule.fired7d}</td>
                    <td>{rule.lastFiredAt ? <TimeAgo iso={rule.lastFiredAt} /> : <span className="muted">Never</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className={styles.section} aria-labelledby="unmatched-title">
        <h2 id="unmatched-title">Messages no rule matched</h2>
        <p className="muted">The last 7 days, the same message counted once. Turn frequent ones into rules.</p>
        {stats.unmatched.length === 0 ? (
          <div className="card">
            <p>Every customer message in the last 7 days was matched by a rule.</p>
          </div>
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stacked}`}>
              <thead>
                <tr>
                  <th scope="col">Customer message</th>
                  <th scope="col" className={styles.num}>
                    Times
                  </th>
                  <th scope="col">Last seen</th>
                  {canManage && <th scope="col">Action</th>}
                </tr>
              </thead>
              <tbody>
                {stats.unmatched.map((message) => (
                  <tr key={`${message.botId ?? ""}:${message.messageText}`}>
                    <th scope="row" style={{ fontWeight: 400, overflowWrap: "anywhere" }}>
                      “{message.messageText}”<span className={styles.sub}>{message.botName ?? "Deleted bot"}</span>
                    </th>
                    <td className={styles.num}>{message.count}</td>
                    <td>
                      <TimeAgo iso={message.lastSeenAt} />
                    </td>
                    {canManage && (
                      <td>
                        {message.botId && message.botName ? (
                          <Link href={rulePrefillHref(orgId, message.botId, message.messageText)}>Create a rule from this message</Link>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
