import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { readSignInFailureDetail } from "@/lib/auth/auth-route";
import { authConfig } from "@/lib/auth/config";
import { SIGN_IN_MESSAGES } from "@/lib/auth/sign-in-messages";
import { SignInFailureReasonSchema } from "@/lib/auth/sign-in-failure";
import styles from "../auth-page.module.css";

export const metadata: Metadata = { title: "Sign-in failed" };
export const dynamic = "force-dynamic";

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = SignInFailureReasonSchema.catch("server_error").parse(params.reason);
  const message = SIGN_IN_MESSAGES[reason];
  // LiveChat's words come from a cookie our sign-in route sealed, never from the URL.
  const detail = await readSignInFailureDetail((await cookies()).get(authConfig().cookies.signInFailure.name)?.value);
  const said = detail?.reason === reason ? detail : null;
  return (
    <main id="main" className="centered">
      <section className={`card ${styles.card}`} aria-labelledby="title">
        <h1 id="title">{message.title}</h1>
        <p>{message.explanation}</p>
        {said && (said.livechatError || said.livechatMessage) && (
          <blockquote className={styles.said} aria-label="What LiveChat said">
            <p>
              LiveChat said: {said.livechatError && <code>{said.livechatError}</code>}
              {said.livechatError && said.livechatMessage && " — "}
              {said.livechatMessage}
            </p>
          </blockquote>
        )}
        <p>{message.nextStep}</p>
        <div className={styles.actions}>
          <Link className="button" href="/signin">
            Try again
          </Link>
          <Link href="/">Back to the start page</Link>
        </div>
      </section>
    </main>
  );
}
