"use client";

import { SignInButton } from "@/app/_components/auth/sign-in-button";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "@/lib/livechat/scopes";

interface LiveChatUnavailableProps {
  error: { type: string; message: string };
  canManage: boolean;
  callbackUrl: string;
}

/** LiveChat could not be read: the list shows what Botdesk stored, and says why. */
export function LiveChatUnavailable({ error, canManage, callbackUrl }: LiveChatUnavailableProps) {
  const needsSignIn = error.type === "needs_reauth" || error.type === "authentication" || error.type === "unauthorized";
  return (
    <div role="status" className="alert warning">
      <p>
        <strong>LiveChat could not be read</strong>, so this list shows the bots as Botdesk last stored them.{" "}
        {needsSignIn ? error.message : <>LiveChat said: “{error.message}”</>}
      </p>
      {needsSignIn &&
        (canManage ? (
          <SignInButton label="Grant bot management access" callbackUrl={callbackUrl} scope={BOT_MANAGEMENT_SCOPE_PARAM} />
        ) : (
          <SignInButton label="Sign in with LiveChat again" callbackUrl={callbackUrl} />
        ))}
    </div>
  );
}
