"use client";

import { useState } from "react";
import styles from "./bots.module.css";

/** The bot's avatar, or its initials when it has none or the image does not load. */
export function BotAvatar({ name, url }: { name: string; url: string | null }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (url && failedUrl !== url) {
    // Any host a LiveChat admin chose: next/image would need every host configured up front. The
    // CSP's img-src allows https only (an older http avatar fails and shows the initials), and
    // no-referrer keeps that host from learning which dashboard page (organization id) showed it.
    return (
      // eslint-disable-next-line @next/next/no-img-element
      <img
        className={styles.avatar}
        src={url}
        alt=""
        width={48}
        height={48}
        referrerPolicy="no-referrer"
        onError={() => setFailedUrl(url)}
      />
    );
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
