import { ScopeList } from "@/app/_components/auth/scope-list";
import { SignInButton } from "@/app/_components/auth/sign-in-button";
import { BOT_MANAGEMENT_SCOPE_PARAM, BOT_MANAGEMENT_SCOPES } from "@/lib/livechat/scopes";

/** The second authorization step for owners and administrators (livechat-api.md 1.11). */
export function GrantAccessPanel({ callbackUrl }: { callbackUrl: string }) {
  return (
    <section className="card" aria-labelledby="grant-title">
      <h2 id="grant-title">Grant bot management access</h2>
      <p>
        To create bots and let them answer customers, Botdesk needs more access than sign-in gives. LiveChat grants it only
        to owners, vice owners and administrators. You will be asked to allow:
      </p>
      <ScopeList scopes={BOT_MANAGEMENT_SCOPES} label="Access asked for bot management" />
      <p className="muted">
        If nobody holds the worker connection yet, yours becomes it: the worker answers customers through your authorization.
      </p>
      <SignInButton label="Grant bot management access" callbackUrl={callbackUrl} scope={BOT_MANAGEMENT_SCOPE_PARAM} />
    </section>
  );
}
