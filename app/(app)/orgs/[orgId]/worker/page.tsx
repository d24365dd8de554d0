import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { getWorkerStatus } from "@/lib/data/worker-status";
import { toJson } from "@/lib/insights/serialize";
import { PageHeader } from "../_components/empty-state";
import { WorkerPageClient } from "./page-client";

export const metadata: Metadata = { title: "Worker" };

export default async function WorkerPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/worker");
  const status = await getWorkerStatus(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader title="Worker" description="The process that keeps your bots answering in real time, and its connection to LiveChat." />
      <WorkerPageClient orgId={ctx.org.id} fallbackData={toJson(status)} />
    </>
  );
}
