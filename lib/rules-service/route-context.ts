// The rules service's context for one request, from the organization guard's.
import type { OrgContext } from "../auth/org-context";
import type { RulesContext } from "./manage-rules";

export function rulesContext(org: OrgContext): RulesContext {
  return { db: org.db, orgId: org.org.id, actorUserId: org.user.id };
}

export const NO_STORE = { "Cache-Control": "no-store" } as const;
