"use client";

export default function OrganizationError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="card" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">This page could not be loaded</h1>
      <p>Something went wrong on our side. Try again; if it keeps happening, tell your Botdesk administrator.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
