// Why someone who had a session is no longer signed in, and what the sign-in page and the API say
// about it. The reason travels as a code (never as text) in `/signin?ended=…` and in 401 answers.
import { z } from "zod";

export const SessionEndSchema = z.enum([
  /** Signed out in this browser, or the cookie was copied from a browser that signed out. */
  "signed_out",
  /** An owner removed them from an organization on the Team page. */
  "removed",
  /** The session reached its absolute end (7 days after signing in). */
  "expired",
  /** LiveChat no longer accepts their authorization for this organization (revoked, expired). */
  "livechat_access_ended",
]);
export type SessionEnd = z.infer<typeof SessionEndSchema>;

export const SESSION_END_MESSAGES: Record<SessionEnd, string> = {
  signed_out: "You are signed out of Botdesk. Sign in with LiveChat to continue.",
  removed: "An owner removed you from an organization in Botdesk, which signed you out. Sign in with LiveChat to open your other organizations.",
  expired: "Your Botdesk session ended: sessions last 7 days. Sign in with LiveChat again to continue.",
  livechat_access_ended:
    "LiveChat no longer accepts your authorization for this organization (it was revoked or expired, or your LiveChat account changed), so Botdesk signed you out of it. Sign in with LiveChat again to continue.",
};
