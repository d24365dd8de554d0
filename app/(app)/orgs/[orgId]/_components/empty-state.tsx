import type { ReactNode } from "react";
import styles from "../shell.module.css";

export function PageHeader({ title, description }: { title: string; description: string }) {
  return (
    <header className={styles.pageHeader}>
      <h1>{title}</h1>
      <p className="muted">{description}</p>
    </header>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={`card ${styles.empty}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
