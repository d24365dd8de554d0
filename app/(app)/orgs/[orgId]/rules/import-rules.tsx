"use client";
// Import a rules file: read and check it in the browser, confirm replacing the bot's rules, and
// show every problem (by rule and field) when the server refuses it. Nothing changes on error.
import { useRef, useState } from "react";
import { apiErrorDetails } from "@/lib/swr/fetcher";
import type { RuleValidationError } from "@/lib/validation/rule";
import { Modal } from "../bots/modal";
import styles from "./rules.module.css";

interface Props {
  botName: string;
  ruleCount: number;
  canManage: boolean;
  disabledReasonId?: string;
  onImport: (file: unknown) => Promise<{ rules: unknown[] }>;
  onDone: (message: string) => void;
}

function describe(error: RuleValidationError): string {
  const rule = error.ruleIndex !== undefined ? `Rule ${error.ruleIndex + 1}${error.ruleName ? ` “${error.ruleName}”` : ""}` : "File";
  return `${rule}${error.field ? `, ${error.field}` : ""}: ${error.message}`;
}

export function ImportRules({ botName, ruleCount, canManage, disabledReasonId, onImport, onDone }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ name: string; json: unknown; count: number } | null>(null);
  const [problems, setProblems] = useState<{ title: string; errors: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function pick(file: File | undefined) {
    if (!file) return;
    setProblems(null);
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setProblems({ title: `${file.name} is not a JSON file.`, errors: [] });
      return;
    }
    const rules = (json as { rules?: unknown } | null)?.rules;
    setPending({ name: file.name, json, count: Array.isArray(rules) ? rules.length : 0 });
    if (input.current) input.current.value = "";
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    try {
      const result = await onImport(pending.json);
      onDone(`Imported ${result.rules.length} rule${result.rules.length === 1 ? "" : "s"} from ${pending.name}`);
      setPending(null);
    } catch (error) {
      const errors = apiErrorDetails(error).errors ?? [];
      setProblems({ title: `${pending.name} was not imported; nothing changed.`, errors: errors.length ? errors.map(describe) : [error instanceof Error ? error.message : "Import failed."] });
      setPending(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <label className={`button secondary ${styles.small} ${styles.importLabel}`} aria-disabled={!canManage} aria-describedby={canManage ? undefined : disabledReasonId}>
        Import…
        <input ref={input} type="file" accept="application/json,.json" className={styles.srOnly} disabled={!canManage} onChange={(event) => void pick(event.target.files?.[0])} />
      </label>
      {problems && (
        <div role="alert" className="alert error" style={{ flexBasis: "100%" }}>
          <strong>{problems.title}</strong>
          {problems.errors.length > 0 && (
            <ul className={styles.errorList}>
              {problems.errors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {pending && (
        <Modal title="Replace rules?" isBusy={busy} onClose={() => setPending(null)}>
          <p>
            Replace {botName}&apos;s {ruleCount} rule{ruleCount === 1 ? "" : "s"} and its settings with the {pending.count} rule
            {pending.count === 1 ? "" : "s"} in {pending.name}? If any rule in the file is invalid, nothing changes.
          </p>
          <div className={styles.dialogActions}>
            <button type="button" className="button secondary" onClick={() => setPending(null)} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="button" onClick={() => void confirm()} disabled={busy} aria-busy={busy}>
              {busy ? "Importing…" : "Replace rules"}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
