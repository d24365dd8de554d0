// What the sign-in error page says for each failure: what happened, and what to do next.
import type { SignInFailureReason } from "./sign-in-failure";

export interface SignInMessage {
  title: string;
  explanation: string;
  nextStep: string;
}

export const SIGN_IN_MESSAGES: Record<SignInFailureReason, SignInMessage> = {
  access_denied: {
    title: "You did not allow Botdesk",
    explanation: "Botdesk was not given access on LiveChat's consent screen, so you are not signed in.",
    nextStep: "To use Botdesk, sign in again and choose Allow. The sign-in page lists everything Botdesk may do.",
  },
  state_mismatch: {
    title: "This sign-in could not be verified",
    explanation:
      "The answer from LiveChat did not match the sign-in this browser started. It may have been altered or started by someone else, so for your safety nothing was signed in.",
    nextStep: "Start a new sign-in from this browser.",
  },
  flow_expired: {
    title: "This sign-in expired",
    explanation:
      "The sign-in took longer than 15 minutes, was started in another browser, or this browser blocked Botdesk's cookies.",
    nextStep: "Start a new sign-in, and allow cookies for this site if your browser blocks them.",
  },
  livechat_error: {
    title: "LiveChat refused the sign-in",
    explanation: "LiveChat answered with an error, so you are not signed in.",
    nextStep:
      "Try again. If LiveChat keeps refusing, your LiveChat administrator may need to check the Botdesk app in the LiveChat Developer Console.",
  },
  livechat_unreachable: {
    title: "LiveChat could not be reached",
    explanation: "Botdesk did not get an answer from LiveChat's sign-in service.",
    nextStep: "Try again in a few minutes. If it keeps happening, check LiveChat's status page.",
  },
  rate_limited: {
    title: "Too many sign-ins from your network",
    explanation: "Botdesk allows 10 sign-ins a minute from one network, and this one went over.",
    nextStep: "Wait a minute, then sign in again.",
  },
  server_error: {
    title: "Something went wrong on our side",
    explanation: "Botdesk could not finish your sign-in.",
    nextStep: "Try again. If it keeps happening, tell your Botdesk administrator.",
  },
};
