"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "../shell.module.css";

const SECTIONS = [
  { path: "", label: "Overview" },
  { path: "/bots", label: "Bots" },
  { path: "/rules", label: "Rules" },
  { path: "/activity", label: "Activity" },
  { path: "/audit", label: "Audit log" },
  { path: "/team", label: "Team" },
  { path: "/worker", label: "Worker" },
] as const;

export function OrgNav({ orgId }: { orgId: string }) {
  const pathname = usePathname();
  const base = `/orgs/${encodeURIComponent(orgId)}`;
  return (
    <nav aria-label="Sections" className={styles.nav}>
      <ul className={styles.navList}>
        {SECTIONS.map((section) => {
          const href = `${base}${section.path}`;
          const isCurrent = section.path === "" ? pathname === base : pathname.startsWith(href);
          return (
            <li key={section.label}>
              <Link href={href} className={styles.navLink} aria-current={isCurrent ? "page" : undefined}>
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
