import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { getBotsPageData } from "@/lib/bots/bots-overview";
import { getOwnCredentialStatus } from "@/lib/data/credentials";
import { hasBotManagementScopes } from "@/lib/livechat/scopes";
import { PageHeader } from "../_components/empty-state";
import { BotsPageClient } from "./page-client";

export const metadata: Metadata = { title: "Bots" };

export default async function BotsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/bots");
  const [{ overview, groups }, own] = await Promise.all([
    getBotsPageData(ctx),
    getOwnCredentialStatus(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }),
  ]);
  return (
    <>
      <PageHeader
        title="Bots"
        description="The bot agents of your LiveChat organization: their groups, whether they take chats, and whether the worker answers as them."
      />
      <BotsPageClient
        orgId={ctx.org.id}
        canManage={ctx.canManage}
        hasBotManagementAccess={hasBotManagementScopes(own?.scopes ?? [])}
        fallbackData={overview}
        fallbackGroups={groups ?? undefined}
      />
    </>
  );
}
