"use client";
// The bot's routing status (livechat-api.md 3.3): what Botdesk wants, which the worker keeps
// applying, next to what LiveChat has right now.
import { useId, useState } from "react";
import type { BotView } from "@/lib/bots/bot-view";
import { BOT_ROUTING_STATUSES, type BotRoutingStatus } from "@/lib/validation/bot";
import styles from "./bots.module.css";
import { ErrorNotice, toShownError, type ShownError } from "./error-notice";
import { ROUTING_LABELS, routingLabel } from "./labels";

interface RoutingControlProps {
  bot: BotView & { id: string };
  canChange: boolean;
  /** Why the buttons are disabled (an element id), for assistive technology. */
  disabledReasonId?: string;
  canManage: boolean;
  callbackUrl: string;
  onChange: (status: BotRoutingStatus) => Promise<unknown>;
}

export function RoutingControl({ bot, canChange, disabledReasonId, canManage, callbackUrl, onChange }: RoutingControlProps) {
  const labelId = useId();
  const [pending, setPending] = useState<BotRoutingStatus | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const desired = bot.desiredRoutingStatus;
  const current = bot.currentRoutingStatus;

  async function choose(status: BotRoutingStatus) {
    setPending(status);
    setError(null);
    try {
      await onChange(status);
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setPending(null);
    }
  }

  return (
    <div className={styles.routing}>
      <span id={labelId} className={styles.term}>
        Routing status
      </span>
      <div role="group" aria-labelledby={labelId} aria-busy={pending !== null} className={styles.segmented}>
        {BOT_ROUTING_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={desired === status}
            disabled={!canChange || pending !== null}
            aria-describedby={!canChange ? disabledReasonId : undefined}
            onClick={() => choose(status)}
          >
            {ROUTING_LABELS[status]}
          </button>
        ))}
      </div>
      <p className={styles.routingNow} role="status">
        {pending ? (
          <>Setting “{ROUTING_LABELS[pending]}”…</>
        ) : (
          <>
            In LiveChat now: <strong>{routingLabel(current)}</strong>
            {desired && current !== desired && <> · wanted: {ROUTING_LABELS[desired]} (the worker applies it when it is connected)</>}
          </>
        )}
      </p>
      {error && <ErrorNotice error={error} canManage={canManage} callbackUrl={callbackUrl} />}
    </div>
  );
}
