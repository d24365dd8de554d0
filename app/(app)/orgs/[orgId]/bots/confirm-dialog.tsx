"use client";

import { useState, type ReactNode } from "react";
import styles from "./bots.module.css";
import { ErrorNotice, toShownError, type ShownError } from "./error-notice";
import { Modal } from "./modal";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  tone?: "danger" | "primary";
  canManage: boolean;
  callbackUrl: string;
  /** Resolves with the message to show on the page; throws to keep the dialog open with the error. */
  onConfirm: () => Promise<string>;
  onClose: (message?: string) => void;
}

/** "Are you sure?" for changes that cannot be undone from here, with LiveChat's answer on failure. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      props.onClose(await props.onConfirm());
    } catch (caught) {
      setError(toShownError(caught));
      setPending(false);
    }
  }

  return (
    <Modal title={props.title} isBusy={pending} onClose={() => props.onClose()}>
      {props.children}
      {error && <ErrorNotice error={error} canManage={props.canManage} callbackUrl={props.callbackUrl} />}
      <div className={styles.dialogActions}>
        <button type="button" className="button secondary" onClick={() => props.onClose()} disabled={pending}>
          Cancel
        </button>
        <button
          type="button"
          className={props.tone === "danger" ? "button danger" : "button"}
          onClick={confirm}
          disabled={pending}
          aria-busy={pending}
        >
          {pending ? props.pendingLabel : props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
