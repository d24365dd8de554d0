"use client";

import { useState } from "react";
import styles from "./bots.module.css";

/** The bot's avatar, or its initials when it has none or the image does not load. */
export function BotAvatar({ name, url }: { name: string; url: string | null }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (url && failedUrl !== url) {
    // Any host a LiveChat admin chose: next/image would need every host configured up front.
    // eslint-disable-next-line @next/next/no-img-element
    return <img className={styles.avatar} src={url} alt="" width={48} height={48} onError={() => setFailedUrl(url)} />;
  }
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
  return (
    <span className={styles.avatar} aria-hidden="true">
      {initials || "?"}
    </span>
  );
}
