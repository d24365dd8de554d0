"use client";

import Link from "next/link";
import type { BotView } from "@/lib/bots/bot-view";
import type { BotRoutingStatus, GroupPriority } from "@/lib/validation/bot";
import { BotAvatar } from "./bot-avatar";
import styles from "./bots.module.css";
import { PRIORITY_LABELS, scheduleSummary } from "./labels";
import { RoutingControl } from "./routing-control";

export type ManagedBot = BotView & { id: string };

export function groupsSummary(bot: BotView, groupNames: Map<number, string>): string {
  if (bot.groups.length === 0) return "No groups: LiveChat routes no chats to it";
  return bot.groups
    .map((group) => `${groupNames.get(group.id) ?? `Group ${group.id}`} (${PRIORITY_LABELS[group.priority as GroupPriority] ?? group.priority})`)
    .join(", ");
}

function ServedBadge({ bot }: { bot: BotView }) {
  if (bot.isServed) return <span className={`${styles.badge} ${styles.badgeOk}`}>Served by the worker</span>;
  return <span className={`${styles.badge} ${styles.badgeWarn}`}>Not served: the worker is not connected</span>;
}

interface BotCardProps {
  bot: ManagedBot;
  groupNames: Map<number, string>;
  canChange: boolean;
  disabledReasonId?: string;
  canManage: boolean;
  callbackUrl: string;
  /** The Rules page of this bot. */
  rulesHref: string;
  onEdit: () => void;
  onDelete: () => void;
  onResetSecret: () => void;
  onRoutingStatus: (status: BotRoutingStatus) => Promise<unknown>;
}

export function BotCard(props: BotCardProps) {
  const { bot } = props;
  const headingId = `bot-${bot.id}-name`;
  const disabledProps = { disabled: !props.canChange, "aria-describedby": props.canChange ? undefined : props.disabledReasonId };
  return (
    <article className={`card ${styles.bot}`} aria-labelledby={headingId}>
      <header className={styles.botHeader}>
        <BotAvatar name={bot.name} url={bot.avatarUrl} />
        <div className={styles.botTitle}>
          <h3 id={headingId}>{bot.name}</h3>
          {bot.jobTitle && <p className="muted">{bot.jobTitle}</p>}
        </div>
        <ServedBadge bot={bot} />
      </header>
      {bot.isMissingInLiveChat && (
        <p className="alert warning">
          This bot no longer exists in LiveChat (it was deleted there). Delete it here to remove its rules too.
        </p>
      )}
      <dl className={styles.facts}>
        <div>
          <dt>Groups and priority</dt>
          <dd>{groupsSummary(bot, props.groupNames)}</dd>
        </div>
        <div>
          <dt>Rules</dt>
          <dd>
            <Link href={props.rulesHref} aria-label={`Rules of ${bot.name}: ${bot.ruleCount === 1 ? "1 rule" : `${bot.ruleCount} rules`}`}>
              {bot.ruleCount === 1 ? "1 rule" : `${bot.ruleCount} rules`}
            </Link>
          </dd>
        </div>
        <div>
          <dt>Most chats at once</dt>
          <dd>{bot.maxChatsCount}</dd>
        </div>
        <div>
          <dt>Works</dt>
          <dd>{scheduleSummary(bot.workScheduler)}</dd>
        </div>
      </dl>
      <RoutingControl
        bot={bot}
        canChange={props.canChange && !bot.isMissingInLiveChat}
        disabledReasonId={props.disabledReasonId}
        canManage={props.canManage}
        callbackUrl={props.callbackUrl}
        onChange={props.onRoutingStatus}
      />
      <div className={styles.actions}>
        <button type="button" className="button secondary" onClick={props.onEdit} {...disabledProps} disabled={!props.canChange || bot.isMissingInLiveChat}>
          Edit
        </button>
        <button type="button" className="button secondary" onClick={props.onResetSecret} {...disabledProps} disabled={!props.canChange || bot.isMissingInLiveChat}>
          Reset secret
        </button>
        <button type="button" className="button danger" onClick={props.onDelete} {...disabledProps}>
          Delete
        </button>
      </div>
    </article>
  );
}
