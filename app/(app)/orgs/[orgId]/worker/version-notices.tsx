"use client";
// LiveChat's `Legacy` / `Deprecation` answer headers (livechat-api.md 10.2): the API version Botdesk
// calls is being retired, and only a newer Botdesk moves to the next one.
import { API_VERSION } from "@/lib/livechat/http";
import type { WorkerStatusView } from "@/lib/swr/use-worker-status";
import { TimeAgo } from "../team/time-ago";
import { noticeEndDay } from "./format";
import styles from "./worker.module.css";

type Notice = WorkerStatusView["notices"][number];

const STAGE: Record<string, string> = { Legacy: "legacy", Deprecation: "deprecated" };

function NoticeLine({ notice }: { notice: Notice }) {
  const day = noticeEndDay(notice.value);
  const stage = STAGE[notice.header] ?? notice.header.toLowerCase();
  return (
    <li>
      LiveChat marks API v{API_VERSION} as {stage}
      {day ? <>: it ends on <strong>{day}</strong>.</> : <> (it answered “{notice.header}: {notice.value}”).</>} Last seen <TimeAgo iso={notice.lastSeenAt} /> on{" "}
      <code>{notice.action}</code>.
    </li>
  );
}

export function VersionNotices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <section className={`alert warning ${styles.notice}`} aria-labelledby="version-notice-title">
      <h2 id="version-notice-title">The LiveChat API version Botdesk uses is ending</h2>
      <ul>
        {notices.map((notice) => (
          <NoticeLine key={`${notice.header}:${notice.value}`} notice={notice} />
        ))}
      </ul>
      <p>
        When a version ends, LiveChat stops answering it, and your bots stop answering customers. Upgrade Botdesk to a release that uses a newer
        LiveChat API before that date.
      </p>
    </section>
  );
}
