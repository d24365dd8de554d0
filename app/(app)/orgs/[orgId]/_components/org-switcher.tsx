"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { switchOrganization } from "@/app/(app)/actions";
import styles from "../shell.module.css";

interface OrgOption {
  id: string;
  name: string;
}

/** Lists the LiveChat organizations the user has signed in to; choosing one makes it active. */
export function OrgSwitcher({ current, organizations }: { current: OrgOption; organizations: OrgOption[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState(current.id);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (organizations.length < 2) {
    return (
      <span className={styles.switcher}>
        <span className={styles.orgName}>{current.name}</span>
        <Link href="/signin">Open another organization</Link>
      </span>
    );
  }

  return (
    <form
      className={styles.switcher}
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await switchOrganization({ orgId: selected });
          if (result.ok) router.push(result.data.href);
          else setError(result.error.message);
        });
      }}
    >
      <label htmlFor="org-switcher">Organization</label>
      <select id="org-switcher" value={selected} onChange={(event) => setSelected(event.target.value)}>
        {organizations.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button secondary" disabled={pending || selected === current.id}>
        {pending ? "Switching…" : "Switch"}
      </button>
      {error && (
        <p role="alert" className="alert error">
          {error}
        </p>
      )}
    </form>
  );
}
