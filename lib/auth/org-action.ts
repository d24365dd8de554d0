// The guard of every server action: same-origin check, session (saying why it ended), rate limits,
// membership of the organization named in the input (404 to non-members), LiveChat still accepting
// the member, role (403 unless the action is open to every member), input validation, then the
// action with a typed context. Actions answer a result object instead of throwing, so the page can
// show the message.
import { headers } from "next/headers";
import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { toErrorBody } from "../http/error-response";
import { withLogContext } from "../log";
import { CHANGE_COST } from "../rate-limit/limits";
import { OrgIdSchema } from "../validation/organization";
import { authConfig } from "./config";
import { markGuarded, type Access } from "./guard-marker";
import { NOT_A_MEMBER, loadOrgContext, signedInUser, type OrgContext } from "./org-context";
import { isSameOrigin } from "./origin";
import { CROSS_SITE_REFUSED } from "./with-org";
import { readSession } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export function orgAction<S extends z.ZodType<{ orgId: string }>, R>(
  options: { input: S; access?: Access },
  action: (input: z.infer<S>, ctx: OrgContext) => Promise<R>,
) {
  const access = options.access ?? "manage";
  const guarded = (raw: z.input<S>): Promise<ActionResult<R>> => {
    const orgId = OrgIdSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
    // Every log line of the action carries a request id and the organization (lib/log.ts).
    return withLogContext({ requestId: crypto.randomUUID(), ...(orgId.success ? { orgId: orgId.data } : {}) }, () => run(raw));
  };
  const run = async (raw: z.input<S>): Promise<ActionResult<R>> => {
    try {
      if (!isSameOrigin((await headers()).get("origin"), authConfig().appOrigin)) {
        throw new AppError("forbidden", CROSS_SITE_REFUSED);
      }
      const orgId = OrgIdSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
      if (!orgId.success) throw new AppError("not_found", NOT_A_MEMBER);
      // Every server action is a POST that may change something: it costs as much as a change.
      const ctx = await loadOrgContext(signedInUser(await readSession()), orgId.data, access, { limitCost: CHANGE_COST });
      const input = options.input.parse(raw);
      return { ok: true, data: await action(input, ctx) };
    } catch (error) {
      const { error: body } = toErrorBody(error).body;
      return { ok: false, error: { code: body.code, message: body.message } };
    }
  };
  return markGuarded(guarded, { transport: "action", access });
}
