"use client";

import { usePathname, useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { ActivityFilterOptions, ActivityItem, ActivityPage } from "@/lib/data/activity";
import { useActivity, type ActivityFilters } from "@/lib/swr/use-activity";
import { ACTIVITY_OUTCOMES, type ActivityOutcome } from "@/lib/validation/activity";
import styles from "../_insights/insights.module.css";
import { OUTCOME_LABELS } from "../_insights/labels";
import { OutcomeTag, RefreshError } from "../_insights/parts";
import { TimeAgo } from "../team/time-ago";
import { ActivityDialog } from "./activity-dialog";

interface ActivityPageClientProps {
  orgId: string;
  initialFilters: ActivityFilters;
  firstPage: ActivityPage;
  options: ActivityFilterOptions;
}

const sameFilters = (a: ActivityFilters, b: ActivityFilters) => a.bot === b.bot && a.rule === b.rule && a.outcome === b.outcome;

export function ActivityPageClient({ orgId, initialFilters, firstPage, options }: ActivityPageClientProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [filters, setFilters] = useState<ActivityFilters>(initialFilters);
  const [openId, setOpenId] = useState<string | null>(null);
  const { data, error, mutate, isValidating, isLoading, size, setSize } = useActivity(
    orgId,
    filters,
    sameFilters(filters, initialFilters) ? [firstPage] : undefined,
  );
  const pages = data ?? [];
  const items = pages.flatMap((page) => page.items);
  const hasMore = pages[pages.length - 1]?.nextCursor != null;
  const isLoadingMore = size > pages.length;
  const ids = { bot: useId(), rule: useId(), outcome: useId() };

  function change(next: ActivityFilters) {
    // A rule belongs to one bot: picking another bot clears a rule of a different bot.
    const rule = next.rule && next.bot && options.rules.find((r) => r.id === next.rule)?.botId !== next.bot ? undefined : next.rule;
    const clean = { bot: next.bot || undefined, rule: rule || undefined, outcome: next.outcome || undefined };
    setFilters(clean);
    const query = new URLSearchParams(Object.entries(clean).filter((entry): entry is [string, string] => !!entry[1]));
    router.replace(`${pathname}${query.size ? `?${query}` : ""}`, { scroll: false });
  }

  const rules = options.rules.filter((rule) => !filters.bot || rule.botId === filters.bot);
  const isFiltered = !!(filters.bot || filters.rule || filters.outcome);

  return (
    <>
      <form className={styles.filters} aria-label="Filter the activity" onSubmit={(event) => event.preventDefault()}>
        <div className={styles.field}>
          <label htmlFor={ids.bot}>Bot</label>
          <select id={ids.bot} value={filters.bot ?? ""} onChange={(event) => change({ ...filters, bot: event.target.value })}>
            <option value="">All bots</option>
            {options.bots.map((bot) => (
              <option key={bot.id} value={bot.id}>
                {bot.name}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={ids.rule}>Rule</label>
          <select id={ids.rule} value={filters.rule ?? ""} onChange={(event) => change({ ...filters, rule: event.target.value })}>
            <option value="">All rules</option>
            {rules.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {options.bots.length > 1 && !filters.bot ? `${options.bots.find((bot) => bot.id === rule.botId)?.name ?? "?"}: ${rule.name}` : rule.name}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={ids.outcome}>Outcome</label>
          <select
            id={ids.outcome}
            value={filters.outcome ?? ""}
            onChange={(event) => change({ ...filters, outcome: (event.target.value || undefined) as ActivityOutcome | undefined })}
          >
            <option value="">All outcomes</option>
            {ACTIVITY_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {OUTCOME_LABELS[outcome]}
              </option>
            ))}
          </select>
        </div>
        {isFiltered && (
          <button type="button" className="button secondary" onClick={() => change({})}>
            Clear filters
          </button>
        )}
      </form>

      <p role="status" className={styles.status}>
        {isLoading && items.length === 0
          ? "Loading activity…"
          : `${items.length}${hasMore ? "+" : ""} ${items.length === 1 ? "entry" : "entries"}${isFiltered ? " matching the filters" : ""}`}
      </p>
      <RefreshError what="The activity" error={error} onRetry={() => void mutate()} isRetrying={isValidating} />

      {isLoading && items.length === 0 ? (
        <FeedSkeleton />
      ) : items.length === 0 ? (
        <section className={`card ${styles.section}`} aria-label={isFiltered ? "No matching activity" : "No activity yet"}>
          <h2>{isFiltered ? "Nothing matches these filters" : "Nothing has happened yet"}</h2>
          <p className="muted">
            {isFiltered
              ? "Try another bot, rule or outcome, or clear the filters."
              : "When a customer writes in a chat one of your bots is in, what the bot did shows up here within seconds."}
          </p>
        </section>
      ) : (
        <ol className={styles.feed} aria-label="Activity">
          {items.map((item) => (
            <FeedEntry key={item.id} item={item} onOpen={() => setOpenId(item.id)} />
          ))}
        </ol>
      )}

      {hasMore && (
        <div className={styles.more}>
          <button type="button" className="button secondary" onClick={() => void setSize(size + 1)} disabled={isLoadingMore}>
            {isLoadingMore ? "Loading older entries…" : "Show older entries"}
          </button>
        </div>
      )}
      <ActivityDialog orgId={orgId} activityId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function FeedEntry({ item, onOpen }: { item: ActivityItem; onOpen: () => void }) {
  return (
    <li className={`card ${styles.entry}`} data-activity={item.id}>
      <span className={styles.entryTime}>
        <TimeAgo iso={item.createdAt} />
      </span>
      <span>
        <OutcomeTag outcome={item.outcome} />
      </span>
      <div className={styles.entryMain}>
        <p className={styles.message}>{item.messageText ? `“${item.messageText}”` : <span className="muted">No message text</span>}</p>
        <p className={styles.meta}>
          {item.botName ?? "Deleted bot"}
          {item.ruleName ? ` · Rule: ${item.ruleName}` : ""}
          {item.detail ? ` · ${item.detail}` : ""}
        </p>
      </div>
      <button type="button" className="button secondary" onClick={onOpen} aria-label={`Details of ${OUTCOME_LABELS[item.outcome].toLowerCase()} at ${item.createdAt.slice(11, 19)}`}>
        Details
      </button>
    </li>
  );
}

function FeedSkeleton() {
  return (
    <ol className={styles.feed} aria-hidden="true">
      {[0, 1, 2].map((index) => (
        <li key={index} className={`card ${styles.entry}`}>
          <span className={styles.skeleton} />
          <span className={styles.skeleton} />
          <span className={styles.skeleton} />
          <span className={styles.skeleton} style={{ width: "5rem" }} />
        </li>
      ))}
    </ol>
  );
}
