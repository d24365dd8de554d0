import Link from "next/link";
import { redirect } from "next/navigation";
import { landingPathFor } from "@/lib/auth/landing";
import { getSessionUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await getSessionUser();
  const landing = user ? await landingPathFor(user) : null;
  if (landing) redirect(landing);
  return (
    <main id="main" className="centered">
      <section className="card" aria-labelledby="title">
        <h1 id="title">Botdesk</h1>
        <p className="muted">
          Create LiveChat bot agents, give them trigger rules, and let them answer your customers in real time.
        </p>
        <Link className="button" href="/signin">
          Sign in with LiveChat
        </Link>
      </section>
    </main>
  );
}
