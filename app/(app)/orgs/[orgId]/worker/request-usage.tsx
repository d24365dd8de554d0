"use client";
// This organization's LiveChat requests, today and this month, and what they cost: LiveChat bills
// private apps per request, failed ones too except HTTP 500 (livechat-api.md 10.1).
import type { WorkerStatusView } from "@/lib/swr/use-worker-status";
import insights from "../_insights/insights.module.css";
import { countOf, formatCount, formatDay, formatUsd } from "./format";
import styles from "./worker.module.css";

type Usage = WorkerStatusView["requests"];
type Period = Usage["today"];

function PeriodTable({ caption, period, empty }: { caption: string; period: Period; empty: string }) {
  if (period.total === 0) {
    return (
      <div>
        <p className={styles.caption}>{caption}</p>
        <p className="muted">{empty}</p>
      </div>
    );
  }
  return (
    <div className={insights.tableWrap}>
      <table className={`${insights.table} ${styles.table}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col" className={insights.num}>
              Requests
            </th>
            <th scope="col" className={insights.num}>
              Failed
            </th>
          </tr>
        </thead>
        <tbody>
          {period.byAction.map((row) => (
            <tr key={row.action}>
              <th scope="row" className={styles.action}>
                <code>{row.action}</code>
              </th>
              <td className={insights.num}>{formatCount(row.count)}</td>
              <td className={insights.num}>{formatCount(row.failed)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className={insights.num}>{formatCount(period.total)}</td>
            <td className={insights.num}>{formatCount(period.failed)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Figure({ term, value, detail }: { term: string; value: string; detail: string }) {
  return (
    <div className={styles.figure}>
      <dt>{term}</dt>
      <dd>
        <span className={styles.figureValue}>{value}</span>
        <span className={insights.sub}>{detail}</span>
      </dd>
    </div>
  );
}

function Figures({ usage }: { usage: Usage }) {
  const { today, month } = usage;
  const answered = month.answeredMessages;
  return (
    <dl className={styles.figures}>
      <Figure term="Today" value={formatUsd(today.estimatedCostUsd)} detail={`${countOf(today.total, "request")} since 00:00 UTC`} />
      <Figure term="This month" value={formatUsd(month.estimatedCostUsd)} detail={`${countOf(month.total, "request")} since ${formatDay(month.from)}`} />
      <Figure
        term="Projected for the month"
        value={formatUsd(month.projectedCostUsd)}
        detail={`${countOf(month.projectedTotal, "request")} at this month's daily rate so far`}
      />
      <Figure
        term="Per answered message"
        value={month.costPerAnsweredMessageUsd === null ? "—" : formatUsd(month.costPerAnsweredMessageUsd)}
        detail={answered === 0 ? "No message answered this month yet" : `${countOf(answered, "message")} replied to or handed over this month`}
      />
    </dl>
  );
}

export function RequestUsageSection({ usage }: { usage: Usage }) {
  const price = `${formatUsd(usage.pricePer1000Usd)} per 1,000 requests`;
  return (
    <section className={`card ${insights.section}`} aria-labelledby="requests-title">
      <h2 id="requests-title">LiveChat requests</h2>
      <p className="muted">
        LiveChat bills apps like this one for every API request the dashboard and the worker make for this organization, failed ones too (except
        HTTP 500 errors). Costs are estimated at <strong>{price}</strong>; LiveChat&apos;s invoice is what counts.
      </p>
      {usage.month.total === 0 ? (
        <p>No LiveChat requests counted for this organization this month yet. They show up here a few seconds after they are made.</p>
      ) : (
        <>
          <Figures usage={usage} />
          <div className={styles.periods}>
            <PeriodTable caption="Today (UTC)" period={usage.today} empty="No requests today yet." />
            <PeriodTable caption={`This month (since ${formatDay(usage.month.from)})`} period={usage.month} empty="No requests this month yet." />
          </div>
        </>
      )}
    </section>
  );
}
