"use client";

import { useRef, useState, useTransition } from "react";
import type { ConnectionStatus } from "@/lib/validation/organization";
import { takeOverConnection } from "./actions";
import styles from "./team.module.css";

interface TakeOverProps {
  orgId: string;
  connection: ConnectionStatus;
  onDone: (message: string) => void;
}

/** "Take over the connection", confirmed in a modal dialog (Escape or Cancel backs out). */
export function TakeOverButton({ orgId, connection, onDone }: TakeOverProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const holder = connection.holder ? `${connection.holder.name} (${connection.holder.email})` : null;

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await takeOverConnection({ orgId, expectedCredentialId: connection.credentialId });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      dialog.current?.close();
      onDone("You now hold the worker connection. The worker uses your LiveChat authorization from now on.");
    });
  }

  return (
    <>
      <button type="button" className="button" onClick={() => dialog.current?.showModal()}>
        Take over the connection
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby="take-over-title" onClose={() => setError(null)}>
        <h2 id="take-over-title">Take over the worker connection?</h2>
        <p>
          The worker will answer customers through your LiveChat authorization
          {holder ? <> instead of the one of {holder}</> : null}. It reconnects with your authorization within a few seconds.
        </p>
        {error && (
          <p role="alert" className="alert error">
            {error}
          </p>
        )}
        <div className={styles.dialogActions}>
          <button type="button" className="button secondary" onClick={() => dialog.current?.close()} disabled={pending}>
            Cancel
          </button>
          <button type="button" className="button" onClick={confirm} disabled={pending} aria-busy={pending}>
            {pending ? "Taking over…" : "Take over"}
          </button>
        </div>
      </dialog>
    </>
  );
}
