// The guard of every server action: same-origin check, session, membership of the organization
// named in the input (404 to non-members), role (403 unless the action is open to every member),
// input validation, then the action with a typed context. Actions answer a result object instead
// of throwing, so the page can show the message.
import { headers } from "next/headers";
import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { toErrorBody } from "../http/error-response";
import { OrgIdSchema } from "../validation/organization";
import { authConfig } from "./config";
import { markGuarded, type Access } from "./guard-marker";
import { NOT_A_MEMBER, loadOrgContext, type OrgContext } from "./org-context";
import { isSameOrigin } from "./origin";
import { CROSS_SITE_REFUSED } from "./with-org";
import { getSessionUser } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export function orgAction<S extends z.ZodType<{ orgId: string }>, R>(
  options: { input: S; access?: Access },
  action: (input: z.infer<S>, ctx: OrgContext) => Promise<R>,
) {
  const access = options.access ?? "manage";
  const guarded = async (raw: z.input<S>): Promise<ActionResult<R>> => {
    try {
      if (!isSameOrigin((await headers()).get("origin"), authConfig().appOrigin)) {
        throw new AppError("forbidden", CROSS_SITE_REFUSED);
      }
      const orgId = OrgIdSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
      if (!orgId.success) throw new AppError("not_found", NOT_A_MEMBER);
      const ctx = await loadOrgContext(await getSessionUser(), orgId.data, access);
      const input = options.input.parse(raw);
      return { ok: true, data: await action(input, ctx) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error).body.error };
    }
  };
  return markGuarded(guarded, { transport: "action", access });
}
