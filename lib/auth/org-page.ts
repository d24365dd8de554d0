// The guard of every organization page: signed out → sign-in page (coming back here afterwards),
// not a member → 404. The lookup is deduplicated per request, so a layout and its page check once.
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "../errors";
import { loadOrgContext, type OrgContext } from "./org-context";
import { getSessionUser } from "./session";

const loadForPage = cache(async (orgId: string): Promise<OrgContext | null> => {
  const user = await getSessionUser();
  if (!user) return null;
  try {
    return await loadOrgContext(user, orgId, "view");
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});

/** `path` is the page below the organization (e.g. "/team"), to come back to after signing in. */
export async function requireOrgPage(orgId: string, path = ""): Promise<OrgContext> {
  const ctx = await loadForPage(orgId);
  if (!ctx) redirect(`/signin?callbackUrl=${encodeURIComponent(`/orgs/${encodeURIComponent(orgId)}${path}`)}`);
  return ctx;
}
