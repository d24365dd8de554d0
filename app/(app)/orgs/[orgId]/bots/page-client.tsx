"use client";

import { useMemo, useState } from "react";
import type { BotView } from "@/lib/bots/bot-view";
import type { BotsOverview } from "@/lib/bots/manage-bots";
import { useBots } from "@/lib/swr/use-bots";
import { useGroups, type GroupOption } from "@/lib/swr/use-groups";
import { EmptyState } from "../_components/empty-state";
import { GrantAccessPanel } from "../_components/grant-access";
import { AdoptableBots } from "./adoptable-bots";
import { BotCard, type ManagedBot } from "./bot-card";
import { BotFormDialog } from "./bot-form-dialog";
import { toPatch } from "./bot-form-values";
import styles from "./bots.module.css";
import { BotDialogs, type BotDialog } from "./bot-dialogs";
import { LiveChatUnavailable } from "./livechat-unavailable";

interface BotsPageClientProps {
  orgId: string;
  canManage: boolean;
  /** The user granted the bot-management scopes (lib/livechat/scopes.ts). */
  hasBotManagementAccess: boolean;
  fallbackData: BotsOverview;
  fallbackGroups?: GroupOption[];
}

const REASON_ID = "bots-read-only-reason";

export function BotsPageClient({ orgId, canManage, hasBotManagementAccess, fallbackData, fallbackGroups }: BotsPageClientProps) {
  const bots = useBots(orgId, fallbackData);
  const groups = useGroups(orgId, fallbackGroups ? { groups: fallbackGroups } : undefined);
  const [dialog, setDialog] = useState<BotDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const overview = bots.data ?? fallbackData;
  const managed = overview.bots.filter((bot): bot is ManagedBot => bot.isManaged && bot.id !== null);
  const adoptable = overview.bots.filter((bot) => !bot.isManaged);
  const groupNames = useMemo(() => new Map((groups.data?.groups ?? []).map((group) => [group.id, group.name])), [groups.data]);
  const canChange = canManage && hasBotManagementAccess;
  const callbackUrl = `/orgs/${encodeURIComponent(orgId)}/bots`;
  const shared = { canManage, callbackUrl };

  const close = (message?: string) => {
    setDialog(null);
    if (message) setNotice(message);
  };
  const open = (next: BotDialog) => {
    setNotice(null);
    setDialog(next);
  };
  const createButton = (
    <button
      type="button"
      className="button"
      onClick={() => open({ kind: "create" })}
      disabled={!canChange}
      aria-describedby={canChange ? undefined : REASON_ID}
    >
      Create a bot
    </button>
  );

  return (
    <>
      {!canManage && (
        <p id={REASON_ID} className={`alert ${styles.readOnly}`}>
          You can look at everything here. Only owners, vice owners and administrators of your LiveChat organization can create,
          change or delete bots.
        </p>
      )}
      {canManage && !hasBotManagementAccess && (
        <>
          <p id={REASON_ID} className={`alert warning ${styles.readOnly}`}>
            To create or change bots, grant bot management access first.
          </p>
          <GrantAccessPanel callbackUrl={callbackUrl} />
        </>
      )}
      {notice && (
        <p role="status" className={`alert ${styles.notice}`}>
          {notice}
        </p>
      )}
      {bots.error && (
        <div role="alert" className="alert error">
          <p>The list could not be refreshed: {bots.error instanceof Error ? bots.error.message : "unknown error"}</p>
          <button type="button" className="button secondary" onClick={() => bots.mutate()} disabled={bots.isValidating}>
            {bots.isValidating ? "Refreshing…" : "Try again"}
          </button>
        </div>
      )}
      {overview.liveChatError && <LiveChatUnavailable error={overview.liveChatError} {...shared} />}

      {managed.length === 0 && adoptable.length === 0 ? (
        <EmptyState title="No bots yet">
          <p>
            A bot is an agent in your LiveChat organization that answers customers on its own. LiveChat routes chats to it like to
            any agent, by its groups and priority; Botdesk&apos;s worker replies as the bot with the trigger rules you give it, and
            hands the chat to your team when a rule says so.
          </p>
          {createButton}
        </EmptyState>
      ) : (
        <section className={styles.section} aria-labelledby="managed-title">
          <div className={styles.toolbar}>
            <h2 id="managed-title">Bots managed by Botdesk ({managed.length})</h2>
            {createButton}
          </div>
          {managed.length === 0 ? (
            <p className="muted">None yet. Create one, or adopt one of the bots below.</p>
          ) : (
            <ul className={styles.botList}>
              {managed.map((bot) => (
                <li key={bot.id}>
                  <BotCard
                    bot={bot}
                    groupNames={groupNames}
                    canChange={canChange}
                    disabledReasonId={REASON_ID}
                    {...shared}
                    rulesHref={`/orgs/${encodeURIComponent(orgId)}/rules?bot=${encodeURIComponent(bot.id)}`}
                    onEdit={() => open({ kind: "edit", bot })}
                    onDelete={() => open({ kind: "delete", bot })}
                    onResetSecret={() => open({ kind: "reset", bot })}
                    onRoutingStatus={(status) => bots.setRoutingStatus(bot.id, status)}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {adoptable.length > 0 && (
        <AdoptableBots
          bots={adoptable}
          groupNames={groupNames}
          canChange={canChange}
          disabledReasonId={REASON_ID}
          onAdopt={(bot: BotView) => open({ kind: "adopt", bot })}
        />
      )}

      {(dialog?.kind === "create" || dialog?.kind === "edit") && (
        <BotFormDialog
          bot={dialog.kind === "edit" ? dialog.bot : undefined}
          groups={groups.data?.groups}
          groupsError={groups.error instanceof Error ? groups.error.message : groups.error ? "unknown error" : null}
          onRetryGroups={() => void groups.mutate()}
          {...shared}
          onSubmit={(input) => (dialog.kind === "edit" ? bots.updateBot(dialog.bot.id, toPatch(input)) : bots.createBot(input))}
          onClose={close}
        />
      )}
      {dialog && dialog.kind !== "create" && dialog.kind !== "edit" && (
        <BotDialogs dialog={dialog} actions={bots} {...shared} onClose={close} />
      )}
    </>
  );
}
