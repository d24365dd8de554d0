"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

/** Ends the Botdesk session only: the stored LiveChat authorization keeps the worker running. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button secondary"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ callbackUrl: "/signin?signedOut=1" });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
