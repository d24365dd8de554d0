import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { EmptyState, PageHeader } from "../_components/empty-state";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireOrgPage(orgId, "/rules");
  return (
    <>
      <PageHeader title="Rules" description="What each bot does when a customer writes something." />
      <EmptyState title="No rules yet">
        <p className="muted">Once a bot exists, give it an ordered list of trigger rules here.</p>
      </EmptyState>
    </>
  );
}
