import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { listActivityByOrgId, listActivityFilterOptions } from "@/lib/data/activity";
import { ActivitySearchParamsSchema, searchParamsRecord } from "@/lib/validation/activity";
import { PageHeader } from "../_components/empty-state";
import { ActivityTabs } from "../_insights/parts";
import { ActivityPageClient } from "./page-client";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/activity");
  const parsed = ActivitySearchParamsSchema.safeParse(searchParamsRecord(await searchParams));
  const query = parsed.success ? parsed.data : ActivitySearchParamsSchema.parse({});
  const filters = { bot: query.bot, rule: query.rule, outcome: query.outcome };
  const [firstPage, options] = await Promise.all([
    listActivityByOrgId(ctx.db, {
      orgId: ctx.org.id,
      ...(filters.bot ? { botId: filters.bot } : {}),
      ...(filters.rule ? { ruleId: filters.rule } : {}),
      ...(filters.outcome ? { outcome: filters.outcome } : {}),
    }),
    listActivityFilterOptions(ctx.db, { orgId: ctx.org.id }),
  ]);
  return (
    <>
      <PageHeader title="Activity" description="What your bots did with customer messages, and why. Updates every few seconds." />
      <ActivityTabs orgId={ctx.org.id} current="feed" />
      <ActivityPageClient orgId={ctx.org.id} initialFilters={filters} firstPage={firstPage} options={options} />
    </>
  );
}
