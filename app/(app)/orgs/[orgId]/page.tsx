import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { getOwnCredentialStatus } from "@/lib/data/credentials";
import { getOverviewByOrgId } from "@/lib/data/overview";
import { hasBotManagementScopes } from "@/lib/livechat/scopes";
import { PageHeader } from "./_components/empty-state";
import { GrantAccessPanel } from "./_components/grant-access";
import { OverviewPageClient } from "./page-client";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId);
  const [overview, own] = await Promise.all([
    getOverviewByOrgId(ctx.db, { orgId: ctx.org.id }),
    getOwnCredentialStatus(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }),
  ]);
  const base = `/orgs/${encodeURIComponent(ctx.org.id)}`;
  const needsGrant = ctx.canManage && own?.status === "active" && !hasBotManagementScopes(own.scopes);
  return (
    <>
      <PageHeader title={ctx.org.name} description="Your bots, their rules and the worker that runs them, at a glance." />
      {needsGrant && <GrantAccessPanel callbackUrl={base} />}
      {!ctx.canManage && (
        <p className="muted">
          You can look at everything here. Owners, vice owners and administrators of your LiveChat organization can change bots
          and rules.
        </p>
      )}
      <OverviewPageClient orgId={ctx.org.id} fallbackData={overview} />
    </>
  );
}
