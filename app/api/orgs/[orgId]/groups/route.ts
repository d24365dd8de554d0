import { withOrg } from "@/lib/auth/with-org";
import { botServiceContext } from "@/lib/bots/bot-context";
import { listGroups } from "@/lib/bots/manage-bots";

export const dynamic = "force-dynamic";

/** The organization's LiveChat groups (livechat-api.md 2.7), for the bots' groups picker. */
export const GET = withOrg(async (_request, org) => {
  const groups = await listGroups(await botServiceContext(org, "view"));
  return Response.json({ groups: groups.map(({ id, name }) => ({ id, name })) }, { headers: { "Cache-Control": "no-store" } });
});
