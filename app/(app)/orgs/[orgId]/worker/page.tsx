import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { EmptyState, PageHeader } from "../_components/empty-state";

export const metadata: Metadata = { title: "Worker" };

export default async function WorkerPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireOrgPage(orgId, "/worker");
  return (
    <>
      <PageHeader title="Worker" description="The process that keeps your bots answering in real time." />
      <EmptyState title="No worker has reported yet">
        <p className="muted">When the worker runs, its connection to LiveChat and its health show up here.</p>
      </EmptyState>
    </>
  );
}
