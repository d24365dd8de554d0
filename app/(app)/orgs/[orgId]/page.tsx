import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/org-page";
import { getOwnCredentialStatus } from "@/lib/data/credentials";
import { getConnectionStatus } from "@/lib/data/organizations";
import { hasBotManagementScopes } from "@/lib/livechat/scopes";
import { ConnectionHealthLabel } from "./_components/connection-health";
import { PageHeader } from "./_components/empty-state";
import { GrantAccessPanel } from "./_components/grant-access";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId);
  const [connection, own] = await Promise.all([
    getConnectionStatus(ctx.db, { orgId: ctx.org.id }),
    getOwnCredentialStatus(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }),
  ]);
  const base = `/orgs/${encodeURIComponent(ctx.org.id)}`;
  const needsGrant = ctx.canManage && own?.status === "active" && !hasBotManagementScopes(own.scopes);
  return (
    <>
      <PageHeader title={ctx.org.name} description="Your bots, their rules and the worker that runs them, at a glance." />
      <section className="card" aria-labelledby="connection-title">
        <h2 id="connection-title">Worker connection</h2>
        <p>
          <ConnectionHealthLabel health={connection.health} />
          {connection.holder && (
            <>
              {" "}
              — through the LiveChat authorization of {connection.holder.name} ({connection.holder.email})
            </>
          )}
        </p>
        <p>
          <Link href={`${base}/team`}>See who holds the connection on the Team page</Link>
        </p>
      </section>
      {needsGrant && <GrantAccessPanel callbackUrl={base} />}
      {!ctx.canManage && (
        <p className="muted">
          You can look at everything here. Owners, vice owners and administrators of your LiveChat organization can change bots
          and rules.
        </p>
      )}
      <section className="card" aria-labelledby="next-title">
        <h2 id="next-title">Next steps</h2>
        <ol>
          <li>
            <Link href={`${base}/bots`}>Create a bot</Link> in your LiveChat organization.
          </li>
          <li>
            <Link href={`${base}/rules`}>Give it trigger rules</Link> and try them in the console.
          </li>
          <li>
            <Link href={`${base}/activity`}>Watch what your bots did</Link>, and why.
          </li>
        </ol>
      </section>
    </>
  );
}
