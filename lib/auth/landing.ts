// Where a signed-in user lands: their active organization if they still belong to it, otherwise
// their first one.
import { getDb } from "../db";
import { listOrganizationsByUserId } from "../data/memberships";
import type { SignedInUser } from "./session";

export async function landingPathFor(user: SignedInUser): Promise<string | null> {
  const organizations = await listOrganizationsByUserId(getDb(), user.id);
  const target = organizations.find((org) => org.id === user.activeOrgId) ?? organizations[0];
  return target ? `/orgs/${encodeURIComponent(target.id)}` : null;
}
