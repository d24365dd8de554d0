import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/org-page";
import { listAuditEntriesByOrgId } from "@/lib/data/audit-entries";
import { PageHeader } from "../_components/empty-state";
import { AuditPageClient } from "./page-client";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgPage(orgId, "/audit");
  const firstPage = await listAuditEntriesByOrgId(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader title="Audit log" description="Who created, changed or deleted which bot or rule, when, and what changed. Everyone in the organization can see it." />
      <AuditPageClient orgId={ctx.org.id} firstPage={firstPage} />
    </>
  );
}
