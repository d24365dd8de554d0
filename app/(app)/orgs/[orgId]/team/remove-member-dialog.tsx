"use client";

import { useRef, useState, useTransition } from "react";
import type { TeamMember } from "@/lib/validation/organization";
import { removeMember } from "./actions";
import styles from "./team.module.css";

interface RemoveMemberProps {
  orgId: string;
  orgName: string;
  member: TeamMember;
  onDone: (message: string) => void;
}

/** "Remove", confirmed in a modal dialog: Cancel has the focus, Escape backs out. */
export function RemoveMemberButton({ orgId, orgName, member, onDone }: RemoveMemberProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const titleId = `remove-${member.userId}-title`;

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await removeMember({ orgId, userId: member.userId });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      dialog.current?.close();
      onDone(
        result.data.heldConnection
          ? `${result.data.name} was removed. The worker connection was theirs and is now unset: bots stop answering until an owner or administrator takes it over here.`
          : `${result.data.name} was removed and signed out.`,
      );
    });
  }

  return (
    <>
      <button type="button" className="button secondary" aria-label={`Remove ${member.name}`} onClick={() => dialog.current?.showModal()}>
        Remove
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={titleId} onClose={() => setError(null)}>
        <h2 id={titleId}>Remove {member.name}?</h2>
        <p>
          {member.name} ({member.email}) loses access to {orgName} in Botdesk now: they are signed out in every browser and
          Botdesk deletes the LiveChat authorization it stored for them.
        </p>
        {member.holdsConnection && (
          <p className="alert warning">
            Their LiveChat authorization is this organization&apos;s worker connection. Removing them clears it: your bots stop
            answering until another owner or administrator takes over the connection on this page.
          </p>
        )}
        <p className="muted">
          While they still belong to your LiveChat organization they can sign in again. To end their access for good, remove
          them in LiveChat too.
        </p>
        {error && (
          <p role="alert" className="alert error">
            {error}
          </p>
        )}
        <div className={styles.dialogActions}>
          {/* The safe choice has the focus when the dialog opens. */}
          <button type="button" className="button secondary" onClick={() => dialog.current?.close()} disabled={pending} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={confirm} disabled={pending} aria-busy={pending}>
            {pending ? "Removing…" : `Remove ${member.name}`}
          </button>
        </div>
      </dialog>
    </>
  );
}
