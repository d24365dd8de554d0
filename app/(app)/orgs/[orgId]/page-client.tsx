"use client";

import Link from "next/link";
import { useOverview } from "@/lib/swr/use-overview";
import type { Overview } from "@/lib/data/overview";
import { connectionStateLabel, routingLabel } from "./_insights/labels";
import { RefreshError, Tag } from "./_insights/parts";
import styles from "./_insights/insights.module.css";
import { TimeAgo } from "./team/time-ago";

export function OverviewPageClient({ orgId, fallbackData }: { orgId: string; fallbackData: Overview }) {
  const { data, error, mutate, isValidating } = useOverview(orgId, fallbackData);
  const overview = data ?? fallbackData;
  const base = `/orgs/${encodeURIComponent(orgId)}`;
  const { worker } = overview;
  const totalRules = overview.bots.reduce((sum, bot) => sum + bot.ruleCount, 0);

  return (
    <>
      <RefreshError what="The overview" error={error} onRetry={() => void mutate()} isRetrying={isValidating} />
      <section className={`card ${styles.section}`} aria-labelledby="warnings-title">
        <h2 id="warnings-title">Needs attention</h2>
        {overview.warnings.length === 0 ? (
          <p className={styles.allClear}>Nothing needs your attention.</p>
        ) : (
          <ul className={styles.warnings}>
            {overview.warnings.map((warning) => (
              <li key={warning.id} className={`alert warning ${styles.warning}`} data-warning={warning.id}>
                <span>{warning.message}</span>
                <Link href={`${base}${warning.path}`}>{WARNING_LINKS[warning.kind]}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className={styles.tiles}>
        <section className={`card ${styles.tile}`} aria-labelledby="replies-title">
          <h2 id="replies-title">Replies today</h2>
          <p className={styles.tileValue}>{overview.today.replies}</p>
          <p className="muted">
            {overview.today.handled} {overview.today.handled === 1 ? "message" : "messages"} handled since 00:00 UTC
          </p>
        </section>
        <section className={`card ${styles.tile}`} aria-labelledby="bots-count-title">
          <h2 id="bots-count-title">Bots</h2>
          <p className={styles.tileValue}>{overview.bots.length}</p>
          <p className="muted">
            {totalRules} {totalRules === 1 ? "rule" : "rules"} in all
          </p>
        </section>
        <section className={`card ${styles.tile}`} aria-labelledby="worker-title">
          <h2 id="worker-title">Worker</h2>
          <p className={styles.tileValue}>
            {worker.isAlive ? <Tag tone="ok">Running</Tag> : <Tag tone="bad">Not heard from</Tag>}
          </p>
          <p className="muted">
            {worker.lastBeatAt ? (
              <>
                Last beat <TimeAgo iso={worker.lastBeatAt} />
              </>
            ) : (
              "No worker has ever reported."
            )}
            {" · "}
            LiveChat: {connectionStateLabel(worker.connectionState)}
          </p>
        </section>
      </div>

      <section className={styles.section} aria-labelledby="bots-title">
        <div className={styles.sectionHead}>
          <h2 id="bots-title">Bots</h2>
          <Link href={`${base}/bots`}>Manage bots</Link>
        </div>
        {overview.bots.length === 0 ? (
          <div className="card">
            <p>
              No bots yet. <Link href={`${base}/bots`}>Create a bot</Link>, <Link href={`${base}/rules`}>give it rules</Link>, then{" "}
              <Link href={`${base}/activity`}>watch what it does</Link>.
            </p>
          </div>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Bot</th>
                  <th scope="col">In LiveChat</th>
                  <th scope="col" className={styles.num}>
                    Rules
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.bots.map((bot) => (
                  <tr key={bot.id}>
                    <th scope="row">{bot.name}</th>
                    <td>
                      <Tag tone={bot.currentRoutingStatus === "accepting_chats" ? "ok" : bot.currentRoutingStatus === bot.desiredRoutingStatus ? "plain" : "warn"}>
                        {routingLabel(bot.currentRoutingStatus)}
                      </Tag>
                      {bot.currentRoutingStatus !== bot.desiredRoutingStatus && (
                        <span className={styles.sub}>Should be: {routingLabel(bot.desiredRoutingStatus)}</span>
                      )}
                    </td>
                    <td className={styles.num}>
                      <Link href={`${base}/rules?bot=${encodeURIComponent(bot.id)}`} aria-label={`${bot.ruleCount} rules of ${bot.name}`}>
                        {bot.ruleCount}
                      </Link>
                      {bot.enabledRuleCount < bot.ruleCount && <span className={styles.sub}>{bot.enabledRuleCount} on</span>}
                      {bot.rulesWithWarnings > 0 && <span className={styles.sub}>{bot.rulesWithWarnings} with warnings</span>}
                    </td>
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

const WARNING_LINKS = {
  connection: "Open Team",
  worker: "Open Worker",
  bot_routing: "Open Bots",
  rule_lint: "Open Rules",
} as const;
