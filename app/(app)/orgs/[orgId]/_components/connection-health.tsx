import type { ConnectionHealth } from "@/lib/validation/organization";
import styles from "../shell.module.css";

const LABELS: Record<ConnectionHealth, { text: string; tone: string }> = {
  healthy: { text: "Connected", tone: styles.healthy ?? "" },
  needs_reauth: { text: "Needs re-authorization", tone: styles.unhealthy ?? "" },
  missing: { text: "Not connected", tone: styles.pending ?? "" },
  missing_scopes: { text: "Missing bot management access", tone: styles.pending ?? "" },
};

export function ConnectionHealthLabel({ health }: { health: ConnectionHealth }) {
  const label = LABELS[health];
  return <span className={`${styles.health} ${label.tone}`}>{label.text}</span>;
}
