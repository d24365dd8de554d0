import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="centered">
      <section className="card" aria-labelledby="not-found-title">
        <h1 id="not-found-title">Not found</h1>
        <p>This page does not exist, or it belongs to an organization you are not a member of.</p>
        <p>
          <Link href="/">Go to your dashboard</Link>
        </p>
      </section>
    </main>
  );
}
