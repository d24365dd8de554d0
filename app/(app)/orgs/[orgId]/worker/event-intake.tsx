"use client";
// How the worker learns of new chats with this organization's bots: LiveChat bot webhooks when they
// are registered (livechat-api.md 7), otherwise by listing chats at an interval — and every listing
// is a billed request (10.1).
import type { WebhookIntakeView } from "@/lib/swr/use-worker-status";
import insights from "../_insights/insights.module.css";
import { Tag } from "../_insights/parts";
import { TimeAgo } from "../team/time-ago";
import { exactTime, formatCount, formatUsd } from "./format";
import { RegisterWebhooksButton } from "./register-webhooks-button";
import styles from "./worker.module.css";

/** The worker's default listing interval without webhooks (WORKER_CHAT_SYNC_INTERVAL_MS in lib/env.ts). */
const LISTING_INTERVAL_SECONDS = 5;
const LISTINGS_PER_DAY = 86_400 / LISTING_INTERVAL_SECONDS;

const STATES: Record<string, { label: string; tone: "ok" | "warn" | "bad" | "plain"; says: string }> = {
  registered: { label: "Registered", tone: "ok", says: "LiveChat tells Botdesk about new chats with your bots as they happen." },
  not_registered: { label: "Not registered", tone: "warn", says: "Botdesk has not registered its webhooks with LiveChat yet." },
  failed: { label: "Registration failed", tone: "bad", says: "The last attempt to register the webhooks with LiveChat did not succeed." },
  disabled: { label: "Turned off", tone: "plain", says: "Webhooks are turned off for this Botdesk installation (LIVECHAT_WEBHOOK_URL is off)." },
};

interface EventIntakeProps {
  webhooks: WebhookIntakeView;
  pricePer1000Usd: number;
  canManage: boolean;
  callbackUrl: string;
  onRegister: () => Promise<{ webhooks: WebhookIntakeView }>;
}

function ListingExplained({ pricePer1000Usd }: { pricePer1000Usd: number }) {
  const perDay = formatUsd((LISTINGS_PER_DAY * pricePer1000Usd) / 1000);
  return (
    <p className="alert warning">
      Without webhooks, the worker finds new chats by listing this organization&apos;s chats every few seconds while a bot accepts chats. Each
      listing is a LiveChat request you pay for: at the default interval of {LISTING_INTERVAL_SECONDS} seconds, about {formatCount(LISTINGS_PER_DAY)}{" "}
      requests a day ({perDay} a day at {formatUsd(pricePer1000Usd)} per 1,000).
    </p>
  );
}

export function EventIntakeSection({ webhooks, pricePer1000Usd, canManage, callbackUrl, onRegister }: EventIntakeProps) {
  const state = STATES[webhooks.state] ?? { label: webhooks.state, tone: "plain" as const, says: "" };
  return (
    <section className={`card ${insights.section}`} aria-labelledby="intake-title">
      <h2 id="intake-title">LiveChat event intake</h2>
      <p data-intake-state={webhooks.state}>
        <Tag tone={state.tone}>{state.label}</Tag> {state.says}
      </p>
      <dl className={`${insights.dl} ${styles.details}`}>
        <dt>Webhook URL</dt>
        <dd>{webhooks.url ? <code>{webhooks.url}</code> : <span className="muted">None</span>}</dd>
        <dt>Registered at</dt>
        <dd>{webhooks.registeredAt ? <time dateTime={webhooks.registeredAt}>{exactTime(webhooks.registeredAt)}</time> : <span className="muted">Never</span>}</dd>
        {webhooks.actions.length > 0 && (
          <>
            <dt>Events</dt>
            <dd>{webhooks.actions.join(", ")}</dd>
          </>
        )}
        <dt>Last delivery received</dt>
        <dd>{webhooks.lastDeliveryAt ? <TimeAgo iso={webhooks.lastDeliveryAt} /> : <span className="muted">No delivery yet</span>}</dd>
        <dt>Last error</dt>
        <dd>{webhooks.lastError ?? <span className="muted">None</span>}</dd>
      </dl>
      {webhooks.intake === "listing" && <ListingExplained pricePer1000Usd={pricePer1000Usd} />}
      {canManage && webhooks.state !== "disabled" && <RegisterWebhooksButton onRegister={onRegister} callbackUrl={callbackUrl} />}
    </section>
  );
}
