"use client";

import type { BotView } from "@/lib/bots/bot-view";
import { BotAvatar } from "./bot-avatar";
import { groupsSummary } from "./bot-card";
import styles from "./bots.module.css";
import { routingLabel } from "./labels";

interface AdoptableBotsProps {
  bots: BotView[];
  groupNames: Map<number, string>;
  canChange: boolean;
  disabledReasonId?: string;
  onAdopt: (bot: BotView) => void;
}

/** Bots of the organization that another app, a script or a person made in LiveChat. */
export function AdoptableBots({ bots, groupNames, canChange, disabledReasonId, onAdopt }: AdoptableBotsProps) {
  return (
    <section className={styles.section} aria-labelledby="adoptable-title">
      <h2 id="adoptable-title">Bots created outside Botdesk ({bots.length})</h2>
      <p className="muted">
        These bots exist in your LiveChat organization but Botdesk does not manage them, so they do not answer with rules from here.
        Adopt one to give it rules.
      </p>
      <ul className={styles.adoptableList}>
        {bots.map((bot) => (
          <li key={bot.livechatBotId} className={`card ${styles.adoptable}`}>
            <BotAvatar name={bot.name} url={bot.avatarUrl} />
            <div className={styles.botTitle}>
              <h3>{bot.name}</h3>
              <p className="muted">
                {groupsSummary(bot, groupNames)} · {routingLabel(bot.currentRoutingStatus)}
              </p>
            </div>
            <button
              type="button"
              className="button secondary"
              onClick={() => onAdopt(bot)}
              disabled={!canChange}
              aria-describedby={canChange ? undefined : disabledReasonId}
              aria-label={`Adopt ${bot.name}`}
            >
              Adopt
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
