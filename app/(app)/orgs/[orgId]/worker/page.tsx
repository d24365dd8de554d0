import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { getWorkerPageData } from "@/lib/data/worker-status";
import { webEnv } from "@/lib/env";
import { toJson } from "@/lib/insights/serialize";
import { PageHeader } from "../_components/empty-state";
import { WorkerPageClient } from "./page-client";

export const metadata: Metadata = { title: "Worker" };

export default async function WorkerPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/worker");
  const data = await getWorkerPageData(ctx.db, { orgId: ctx.org.id, pricePer1000Usd: webEnv().LIVECHAT_PRICE_PER_1000_REQUESTS_USD });
  return (
    <>
      <PageHeader
        title="Worker"
        description="The process that keeps your bots answering in real time, how it learns of new chats, and what its LiveChat requests cost."
      />
      <WorkerPageClient orgId={ctx.org.id} canManage={ctx.canManage} fallbackData={toJson(data)} />
    </>
  );
}
