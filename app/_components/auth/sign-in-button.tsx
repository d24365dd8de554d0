"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

interface SignInButtonProps {
  label: string;
  /** Where to come back to after LiveChat (same-origin path). */
  callbackUrl: string;
  /** The `scope` parameter: one of lib/livechat/scopes.ts's two sets. */
  scope?: string;
  variant?: "primary" | "secondary";
}

/** Starts the LiveChat sign-in (authorization code + PKCE) through next-auth. */
export function SignInButton({ label, callbackUrl, scope, variant = "primary" }: SignInButtonProps) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function start() {
    setPending(true);
    setFailed(false);
    try {
      await signIn("livechat", { callbackUrl }, scope ? { scope } : undefined);
    } catch {
      // The browser navigates away on success; landing here means Botdesk itself did not answer.
      setPending(false);
      setFailed(true);
    }
  }

  return (
    <>
      <button
        type="button"
        className={variant === "primary" ? "button" : "button secondary"}
        onClick={start}
        disabled={pending}
        aria-busy={pending}
      >
        {pending ? "Opening LiveChat…" : label}
      </button>
      {failed && (
        <p role="alert" className="alert error">
          Botdesk could not start the sign-in. Check your connection and try again.
        </p>
      )}
    </>
  );
}
