import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/_components/auth/sign-out-button";
import { authBanners } from "@/lib/auth/banners";
import { requireOrgPage } from "@/lib/auth/org-page";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getOwnCredentialStatus } from "@/lib/data/credentials";
import { listOrganizationsByUserId } from "@/lib/data/memberships";
import { getConnectionStatus } from "@/lib/data/organizations";
import { AuthBanners } from "./_components/auth-banners";
import { OrgNav } from "./_components/org-nav";
import { OrgSwitcher } from "./_components/org-switcher";
import styles from "./shell.module.css";

export const dynamic = "force-dynamic";

/** The signed-in app shell: organization switcher, user, navigation and authorization notices. */
export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId);
  const scope = { orgId: ctx.org.id, userId: ctx.user.id };
  const [organizations, own, connection] = await Promise.all([
    listOrganizationsByUserId(ctx.db, ctx.user.id),
    getOwnCredentialStatus(ctx.db, scope),
    getConnectionStatus(ctx.db, { orgId: ctx.org.id }),
  ]);
  const banners = authBanners({ userId: ctx.user.id, canManage: ctx.canManage, own, connection });
  const orgPath = `/orgs/${encodeURIComponent(ctx.org.id)}`;
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Link href={orgPath} className={styles.brand}>
          Botdesk
        </Link>
        <OrgSwitcher current={{ id: ctx.org.id, name: ctx.org.name }} organizations={organizations} />
        <div className={styles.user}>
          <span>{ctx.user.name}</span>
          <span className={styles.role}>{ROLE_LABELS[ctx.role]}</span>
          <SignOutButton />
        </div>
      </header>
      <OrgNav orgId={ctx.org.id} />
      <main id="main" className={styles.main}>
        <AuthBanners banners={banners} orgPath={orgPath} />
        {children}
      </main>
    </div>
  );
}
