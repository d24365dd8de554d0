"use client";
// "Register webhooks again" for owners and administrators. The button keeps its focus while the
// request runs (aria-disabled, not disabled), and the outcome is announced where the button is.
import { useState } from "react";
import type { WebhookIntakeView } from "@/lib/swr/use-worker-status";
import { ErrorNotice, toShownError, type ShownError } from "../bots/error-notice";
import styles from "./worker.module.css";

interface RegisterWebhooksButtonProps {
  onRegister: () => Promise<{ webhooks: WebhookIntakeView }>;
  /** Where LiveChat's sign-in comes back to, when the error asks for a new authorization. */
  callbackUrl: string;
}

function outcome(webhooks: WebhookIntakeView): string {
  if (webhooks.state === "registered") return "Webhooks registered. LiveChat now tells Botdesk about new chats with your bots as they happen.";
  const said = webhooks.lastError ? ` ${webhooks.lastError}` : "";
  return `The webhooks are still not registered.${said}`;
}

export function RegisterWebhooksButton({ onRegister, callbackUrl }: RegisterWebhooksButtonProps) {
  const [isPending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  async function register() {
    if (isPending) return;
    setPending(true);
    setDone(null);
    setError(null);
    try {
      setDone(outcome((await onRegister()).webhooks));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className={styles.register}>
      <button type="button" className="button" onClick={() => void register()} aria-disabled={isPending} aria-busy={isPending}>
        Register webhooks again
      </button>
      <p role="status" className={styles.announce}>
        {isPending ? "Registering the webhooks with LiveChat…" : done}
      </p>
      {error && <ErrorNotice error={error} canManage callbackUrl={callbackUrl} />}
    </div>
  );
}
