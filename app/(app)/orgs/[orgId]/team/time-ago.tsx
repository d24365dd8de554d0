"use client";

import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

function relative(iso: string, now: number): string {
  const elapsed = now - new Date(iso).getTime();
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit);
  }
  return "just now";
}

/** "5 minutes ago" in the browser; the exact time (UTC) before hydration and on hover. */
export function TimeAgo({ iso }: { iso: string }) {
  const exact = `${iso.slice(0, 16).replace("T", " ")} UTC`;
  const [text, setText] = useState(exact);
  useEffect(() => {
    const update = () => setText(relative(iso, Date.now()));
    update();
    const timer = setInterval(update, 60_000);
    return () => clearInterval(timer);
  }, [iso]);
  return (
    <time dateTime={iso} title={exact}>
      {text}
    </time>
  );
}
