"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { RuleView } from "@/lib/rules-service/rule-view";
import { useGroups } from "@/lib/swr/use-groups";
import { useRuleSettings, useRules, type RulesList } from "@/lib/swr/use-rules";
import type { BotRuleSettings } from "@/lib/validation/rule";
import { EmptyState } from "../_components/empty-state";
import { ConfirmDialog } from "../bots/confirm-dialog";
import { ImportRules } from "./import-rules";
import { RuleFormDialog } from "./rule-form-dialog";
import { RuleList } from "./rule-list";
import { RuleSettingsForm } from "./rule-settings-form";
import styles from "./rules.module.css";
import { TestConsole } from "./test-console";

interface RulesPageClientProps {
  orgId: string;
  canManage: boolean;
  bots: Array<{ id: string; name: string }>;
  botId: string;
  fallbackRules: RulesList;
  fallbackSettings: BotRuleSettings;
  /** A customer message to start a new rule from. */
  prefill?: string;
}

type Dialog = { kind: "create"; prefill?: string } | { kind: "edit"; rule: RuleView } | { kind: "delete"; rule: RuleView };

const REASON_ID = "rules-read-only-reason";

export function RulesPageClient({ orgId, canManage, bots, botId, fallbackRules, fallbackSettings, prefill }: RulesPageClientProps) {
  const router = useRouter();
  const pickerId = useId();
  const rules = useRules(orgId, botId, fallbackRules);
  const settings = useRuleSettings(orgId, botId, { settings: fallbackSettings });
  const groups = useGroups(orgId);
  const [dialog, setDialog] = useState<Dialog | null>(() => (prefill && canManage ? { kind: "create", prefill } : null));
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const list = rules.data?.rules ?? fallbackRules.rules;
  const botName = rules.data?.bot.name ?? fallbackRules.bot.name;
  const callbackUrl = `/orgs/${encodeURIComponent(orgId)}/rules?bot=${encodeURIComponent(botId)}`;

  const close = (message?: string) => {
    setDialog(null);
    if (message) setNotice(message);
  };
  const fail = (error: unknown) => setNotice(error instanceof Error ? error.message : "That did not work. Try again.");

  function move(from: number, to: number) {
    const ordered = [...list];
    const [moved] = ordered.splice(from, 1);
    if (!moved) return;
    ordered.splice(to, 0, moved);
    setAnnouncement(`Moved “${moved.name}” to position ${to + 1} of ${ordered.length}.`);
    rules.reorderRules(ordered).catch((error: unknown) => {
      setAnnouncement(`Could not move “${moved.name}”.`);
      fail(error);
    });
    // Keep the keyboard on the rule that moved.
    requestAnimationFrame(() => {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>(`[data-rule-id="${CSS.escape(moved.id)}"] button[aria-keyshortcuts]:not(:disabled)`)];
      const same = buttons.find((button) => button.getAttribute("aria-keyshortcuts") === `Alt+Arrow${to < from ? "Up" : "Down"}`);
      if (!document.activeElement || document.activeElement === document.body) (same ?? buttons[0])?.focus();
    });
  }

  const newButton = (
    <button type="button" className="button" onClick={() => setDialog({ kind: "create" })} disabled={!canManage} aria-describedby={canManage ? undefined : REASON_ID}>
      New rule
    </button>
  );

  return (
    <>
      <div className={styles.botPicker}>
        <label htmlFor={pickerId}>Bot</label>
        <select id={pickerId} value={botId} onChange={(event) => router.push(`/orgs/${encodeURIComponent(orgId)}/rules?bot=${encodeURIComponent(event.target.value)}`)}>
          {bots.map((bot) => (
            <option key={bot.id} value={bot.id}>
              {bot.name}
            </option>
          ))}
        </select>
      </div>
      {!canManage && (
        <p id={REASON_ID} className={`alert ${styles.notice}`}>
          You can look at the rules and try messages in the test console. Only owners, vice owners and administrators of your LiveChat organization
          can change rules.
        </p>
      )}
      {notice && (
        <p role="status" className={`alert ${styles.notice}`}>
          {notice}
        </p>
      )}
      {rules.error && (
        <div role="alert" className="alert error">
          <p>The rules could not be refreshed: {rules.error instanceof Error ? rules.error.message : "unknown error"}</p>
          <button type="button" className="button secondary" onClick={() => void rules.mutate()} disabled={rules.isValidating}>
            {rules.isValidating ? "Refreshing…" : "Try again"}
          </button>
        </div>
      )}
      <p className={styles.srOnly} aria-live="assertive">
        {announcement}
      </p>

      <section className={styles.section} aria-labelledby="rules-title">
        <div className={styles.toolbar}>
          <h2 id="rules-title">Rules of {botName}</h2>
          <div className={styles.toolbarActions}>
            {newButton}
            <ImportRules
              botName={botName}
              ruleCount={list.length}
              canManage={canManage}
              disabledReasonId={REASON_ID}
              onImport={async (file) => {
                const result = await rules.importRules(file);
                await settings.mutate();
                return result;
              }}
              onDone={setNotice}
            />
            <a className={`button secondary ${styles.small}`} href={rules.exportUrl} download>
              Export
            </a>
          </div>
        </div>
        {list.length === 0 ? (
          <EmptyState title="No rules yet">
            <p>
              Rules tell {botName} what to do when a customer writes: each has a trigger (a keyword, several keywords or a pattern), optional
              conditions, and actions (a reply, a hand-over to your team, tags). The first enabled rule that matches wins.
            </p>
            {canManage && (
              <button type="button" className="button" onClick={() => setDialog({ kind: "create" })}>
                Create the first rule
              </button>
            )}
          </EmptyState>
        ) : (
          <>
            <p className="muted">The first enabled rule that matches wins. Drag a rule, use its Move buttons, or press Alt+↑/↓ on it to change the order.</p>
            <RuleList
              rules={list}
              canManage={canManage}
              disabledReasonId={REASON_ID}
              onMove={move}
              onToggle={(rule, enabled) => {
                setAnnouncement(`${rule.name} ${enabled ? "enabled" : "disabled"}.`);
                rules.setEnabled(rule.id, enabled).catch(fail);
              }}
              onEdit={(rule) => setDialog({ kind: "edit", rule })}
              onDuplicate={(rule) =>
                rules
                  .duplicateRule(rule.id)
                  .then(({ rule: copy }) => setNotice(`Created “${copy.name}” below “${rule.name}”`))
                  .catch(fail)
              }
              onDelete={(rule) => setDialog({ kind: "delete", rule })}
            />
          </>
        )}
      </section>

      <TestConsole groups={groups.data?.groups} runTest={rules.runTest} />
      <RuleSettingsForm
        key={JSON.stringify(settings.data?.settings ?? fallbackSettings)}
        settings={settings.data?.settings ?? fallbackSettings}
        groups={groups.data?.groups}
        canManage={canManage}
        disabledReasonId={REASON_ID}
        onSave={settings.saveSettings}
      />

      {(dialog?.kind === "create" || dialog?.kind === "edit") && (
        <RuleFormDialog
          botName={botName}
          rule={dialog.kind === "edit" ? dialog.rule : undefined}
          prefill={dialog.kind === "create" ? dialog.prefill : undefined}
          rules={list}
          groups={groups.data?.groups}
          readOnly={!canManage}
          onSubmit={(input) => (dialog.kind === "edit" ? rules.updateRule(dialog.rule.id, input) : rules.createRule(input))}
          onClose={close}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete “${dialog.rule.name}”?`}
          confirmLabel="Delete rule"
          pendingLabel="Deleting…"
          tone="danger"
          canManage={canManage}
          callbackUrl={callbackUrl}
          onConfirm={async () => {
            await rules.deleteRule(dialog.rule.id);
            return `Deleted “${dialog.rule.name}”`;
          }}
          onClose={close}
        >
          <p>
            The rule “{dialog.rule.name}” stops answering customers right away. This cannot be undone; export the rules first if you may want it
            back.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
