import type { Metadata } from "next";
import Link from "next/link";
import { ScopeList } from "@/app/_components/auth/scope-list";
import { SignInButton } from "@/app/_components/auth/sign-in-button";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { SESSION_END_MESSAGES, SessionEndSchema } from "@/lib/auth/session-end";
import { BOT_MANAGEMENT_SCOPES, SIGN_IN_SCOPES } from "@/lib/livechat/scopes";
import styles from "./auth-page.module.css";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  // Why the last session ended, as a code the guards put in the URL (never text from the URL).
  const ended = SessionEndSchema.nullable().catch(null).parse(params.ended ?? null);
  const user = await getSessionUser();
  return (
    <main id="main" className="centered">
      <section className={`card ${styles.card}`} aria-labelledby="title">
        <h1 id="title">Sign in to Botdesk</h1>
        {params.signedOut === "1" && !user && !ended && (
          <p role="status" className={styles.notice}>
            You are signed out of Botdesk. Your bots keep answering customers.
          </p>
        )}
        {ended && (
          <p role="status" className={styles.notice}>
            {SESSION_END_MESSAGES[ended]}
            {ended === "livechat_access_ended" &&
              " If you held bot management access, grant it again after signing in: the Team page shows whether the worker needs it."}
          </p>
        )}
        {params.error !== undefined && (
          <p role="alert" className="alert error">
            The sign-in could not be started. Try again; if it keeps failing, tell your Botdesk administrator.
          </p>
        )}
        {user && !ended && (
          <p>
            You are signed in as {user.name}. <Link href="/">Go to your dashboard</Link>, or sign in again to open another
            LiveChat organization.
          </p>
        )}
        <p>Botdesk uses your LiveChat account: sign in on LiveChat and come back here.</p>
        <div className={styles.actions}>
          <SignInButton label="Sign in with LiveChat" callbackUrl={callbackUrl} />
        </div>
        <h2>What Botdesk may do when you sign in</h2>
        <p className="muted">LiveChat will ask you to allow these. With them Botdesk can only read; it changes nothing.</p>
        <ScopeList scopes={SIGN_IN_SCOPES} label="Access asked at sign-in" />
        <details>
          <summary>Owners and administrators: bot management access</summary>
          <p className="muted">
            After signing in, an owner, vice owner or administrator can grant this in a second step. The first to grant it
            connects the organization: the worker then answers customers through that authorization.
          </p>
          <ScopeList scopes={BOT_MANAGEMENT_SCOPES} label="Access asked for bot management" />
        </details>
        <p className="muted">
          Your LiveChat tokens are stored encrypted on the server and never sent to your browser. Signing out of Botdesk does
          not stop your bots.
        </p>
      </section>
    </main>
  );
}
