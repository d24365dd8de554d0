import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { EmptyState, PageHeader } from "../_components/empty-state";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireOrgPage(orgId, "/activity");
  return (
    <>
      <PageHeader title="Activity" description="What your bots did with customer messages, and why." />
      <EmptyState title="Nothing has happened yet">
        <p className="muted">When your bots answer, hand over or tag chats, each step shows up here.</p>
      </EmptyState>
    </>
  );
}
