import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { canRemoveMembers } from "@/lib/auth/roles";
import { getTeamByOrgId } from "@/lib/data/team";
import { PageHeader } from "../_components/empty-state";
import { TeamPageClient } from "./page-client";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/team");
  const team = await getTeamByOrgId(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader
        title="Team"
        description="Everyone from your LiveChat organization who has signed in to Botdesk, and the worker connection."
      />
      <TeamPageClient
        orgId={ctx.org.id}
        orgName={ctx.org.name}
        currentUserId={ctx.user.id}
        canManage={ctx.canManage}
        canRemove={canRemoveMembers(ctx.role)}
        fallbackData={team}
      />
    </>
  );
}
