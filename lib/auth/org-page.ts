// The guard of every organization page: signed out → sign-in page (coming back here afterwards, and
// saying why the session ended), not a member → 404, LiveChat no longer accepting the member → the
// sign-in page saying so. The lookup is deduplicated per request, so a layout and its page check once.
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "../errors";
import { loadOrgContext, type OrgContext } from "./org-context";
import { readSession } from "./session";
import type { SessionEnd } from "./session-end";

type PageAccess = { ctx: OrgContext } | { ctx: null; ended: SessionEnd | null };

const loadForPage = cache(async (orgId: string): Promise<PageAccess> => {
  const session = await readSession();
  if (!session.user) return { ctx: null, ended: session.ended };
  try {
    return { ctx: await loadOrgContext(session.user, orgId, "view") };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError && error.details?.reason === "livechat_access_ended") return { ctx: null, ended: "livechat_access_ended" };
    throw error;
  }
});

/** `path` is the page below the organization (e.g. "/team"), to come back to after signing in. */
export async function requireOrgPage(orgId: string, path = ""): Promise<OrgContext> {
  const access = await loadForPage(orgId);
  if (access.ctx) return access.ctx;
  const query = new URLSearchParams({ callbackUrl: `/orgs/${encodeURIComponent(orgId)}${path}` });
  if (access.ended) query.set("ended", access.ended);
  redirect(`/signin?${query.toString()}`);
}
