"use client";

import { useWorkerStatus, type WorkerStatusView } from "@/lib/swr/use-worker-status";
import styles from "../_insights/insights.module.css";
import { connectionStateLabel } from "../_insights/labels";
import { RefreshError, Tag } from "../_insights/parts";
import { TimeAgo } from "../team/time-ago";
import { EventIntakeSection } from "./event-intake";
import { exactTime as exact } from "./format";
import { RequestUsageSection } from "./request-usage";
import { VersionNotices } from "./version-notices";
import worker from "./worker.module.css";

interface WorkerPageClientProps {
  orgId: string;
  canManage: boolean;
  fallbackData: WorkerStatusView;
}

export function WorkerPageClient({ orgId, canManage, fallbackData }: WorkerPageClientProps) {
  const { data, error, mutate, isValidating, registerWebhooks } = useWorkerStatus(orgId, fallbackData);
  const { workers, connection, webhooks, requests, notices } = data ?? fallbackData;
  const stateTone = connection?.state === "ready" ? "ok" : connection?.state === "stopped" ? "bad" : "warn";
  return (
    <>
      <RefreshError what="The worker status" error={error} onRetry={() => void mutate()} isRetrying={isValidating} />
      <VersionNotices notices={notices} />
      <section className={`card ${styles.section}`} aria-labelledby="connection-title">
        <h2 id="connection-title">This organization&apos;s connection</h2>
        {!connection ? (
          <p className="muted">No worker has connected this organization to LiveChat yet. It does once a worker runs and someone has granted bot management access.</p>
        ) : (
          <dl className={`${styles.dl} ${worker.details}`}>
            <dt>State</dt>
            <dd>
              <Tag tone={stateTone}>{connectionStateLabel(connection.state)}</Tag>
              {connection.stoppedReason && <span className={styles.sub}>Stopped because: {connection.stoppedReason}</span>}
            </dd>
            <dt>Since</dt>
            <dd>
              <TimeAgo iso={connection.stateSince} />
            </dd>
            <dt>Reconnects today</dt>
            <dd>{connection.reconnectsToday}</dd>
            <dt>Last error</dt>
            <dd>{connection.lastError ?? <span className="muted">None</span>}</dd>
            <dt>Access token expires</dt>
            <dd>{connection.tokenExpiresAt ? <time dateTime={connection.tokenExpiresAt}>{exact(connection.tokenExpiresAt)}</time> : <span className="muted">Unknown</span>}</dd>
            <dt>Owned by</dt>
            <dd>
              {connection.lease?.isHeld ? (
                <>
                  <code>{connection.lease.workerId}</code> <span className={styles.sub}>lease renewed until {exact(connection.lease.expiresAt)}</span>
                </>
              ) : (
                <span className="muted">No worker holds it right now</span>
              )}
            </dd>
          </dl>
        )}
      </section>
      <EventIntakeSection
        webhooks={webhooks}
        pricePer1000Usd={requests.pricePer1000Usd}
        canManage={canManage}
        callbackUrl={`/orgs/${encodeURIComponent(orgId)}/worker`}
        onRegister={registerWebhooks}
      />
      <RequestUsageSection usage={requests} />
      <section className={styles.section} aria-labelledby="workers-title">
        <h2 id="workers-title">Workers ({workers.length})</h2>
        {workers.length === 0 ? (
          <div className="card">
            <p>No worker has reported. Start one with <code>npm run worker</code> next to the dashboard; it shows up here within seconds.</p>
          </div>
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stacked}`}>
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Health</th>
                  <th scope="col">Last beat</th>
                  <th scope="col" className={styles.num}>
                    Organizations owned
                  </th>
                </tr>
              </thead>
              <tbody>
                {workers.map((worker) => (
                  <tr key={worker.workerId}>
                    <th scope="row">
                      <code>{worker.workerId}</code>
                      <span className={styles.sub}>
                        {worker.host} · pid {worker.pid} · v{worker.version} · started <TimeAgo iso={worker.startedAt} />
                      </span>
                    </th>
                    <td>
                      {worker.stoppedAt ? <Tag>Stopped</Tag> : worker.isAlive ? <Tag tone="ok">Running</Tag> : <Tag tone="bad">Not responding</Tag>}
                    </td>
                    <td>
                      <TimeAgo iso={worker.lastBeatAt} />
                    </td>
                    <td className={styles.num}>
                      {worker.organizationsOwned}
                      {worker.ownsThisOrganization && <span className={styles.sub}>including this one</span>}
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
