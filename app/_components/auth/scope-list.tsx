import type { ScopeExplanation } from "@/lib/livechat/scopes";
import styles from "./scope-list.module.css";

/** What Botdesk does with each LiveChat scope it asks for. */
export function ScopeList({ scopes, label }: { scopes: readonly ScopeExplanation[]; label: string }) {
  return (
    <ul aria-label={label} className={styles.list}>
      {scopes.map((entry) => (
        <li key={entry.scope} className={styles.item}>
          <span>{entry.purpose}</span>
          <code>{entry.scope}</code>
        </li>
      ))}
    </ul>
  );
}
