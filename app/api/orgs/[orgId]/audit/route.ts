import { withOrg } from "@/lib/auth/with-org";
import { listAuditEntriesByOrgId } from "@/lib/data/audit-entries";
import { AuditSearchParamsSchema, searchParamsRecord } from "@/lib/validation/activity";

export const dynamic = "force-dynamic";

/** Who changed which bot or rule and how, newest first; `?cursor=` pages back. Every member may read it. */
export const GET = withOrg(
  async (request, ctx) => {
    const query = AuditSearchParamsSchema.parse(searchParamsRecord(new URL(request.url).searchParams));
    const page = await listAuditEntriesByOrgId(ctx.db, { orgId: ctx.org.id, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  },
  { access: "view" },
);
