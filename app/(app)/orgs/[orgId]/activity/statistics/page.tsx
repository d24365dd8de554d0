import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { getRuleStatsByOrgId } from "@/lib/data/rule-stats";
import { PageHeader } from "../../_components/empty-state";
import { ActivityTabs } from "../../_insights/parts";
import { RuleStatsPageClient } from "./page-client";

export const metadata: Metadata = { title: "Rule statistics" };

export default async function RuleStatsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/activity/statistics");
  const stats = await getRuleStatsByOrgId(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader title="Rule statistics" description="How often each rule fired, and what customers asked that no rule answered." />
      <ActivityTabs orgId={ctx.org.id} current="statistics" />
      <RuleStatsPageClient orgId={ctx.org.id} canManage={ctx.canManage} fallbackData={stats} />
    </>
  );
}
