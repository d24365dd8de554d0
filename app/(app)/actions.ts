"use server";

import { orgAction } from "@/lib/auth/org-action";
import { setActiveOrganization } from "@/lib/auth/session";
import { SwitchOrganizationInputSchema } from "@/lib/validation/organization";

/** Makes another of the user's organizations the active one; any member may switch to it. */
export const switchOrganization = orgAction({ input: SwitchOrganizationInputSchema, access: "view" }, async (_input, ctx) => {
  await setActiveOrganization(ctx.org.id);
  return { href: `/orgs/${encodeURIComponent(ctx.org.id)}` };
});
