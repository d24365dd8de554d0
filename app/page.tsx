import Link from "next/link";

export default function HomePage() {
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
