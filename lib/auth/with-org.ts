// The guard of every organization route handler (`/api/orgs/[orgId]/…`): same-origin check for
// state-changing methods, session (401, saying why it ended), rate limits (429), membership (404 to
// non-members), LiveChat still accepting the member (401), role (403 to read-only members), then the
// handler with a typed context. Errors become `{ error: { code, message } }`.
import { z } from "zod";
import { AppError } from "../errors";
import { errorResponse } from "../http/error-response";
import { logContext, withLogContext } from "../log";
import { CHANGE_COST } from "../rate-limit/limits";
import { OrgParamsSchema } from "../validation/organization";
import { authConfig } from "./config";
import { markGuarded, type Access } from "./guard-marker";
import { NOT_A_MEMBER, loadOrgContext, signedInUser, type OrgContext } from "./org-context";
import { isMutatingMethod, isSameOrigin } from "./origin";
import { RateLimitedError, rateLimitedResponse } from "./request-limits";
import { readSessionFromRequest } from "./session";

export interface OrgRouteContext<P> extends OrgContext {
  params: P;
}

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export const CROSS_SITE_REFUSED = "This request came from another site and was refused.";

export function withOrg<P extends { orgId: string } = { orgId: string }>(
  handler: (request: Request, ctx: OrgRouteContext<P>) => Promise<Response>,
  options: { access?: Access; params?: z.ZodType<P> } = {},
) {
  // Every log line of the request carries its id and, once known, the organization (lib/log.ts).
  const guarded = (request: Request, route: NextRouteContext): Promise<Response> =>
    withLogContext({ requestId: request.headers.get("x-request-id") ?? crypto.randomUUID() }, () => run(request, route));
  const run = async (request: Request, route: NextRouteContext): Promise<Response> => {
    try {
      const mutating = isMutatingMethod(request.method);
      if (mutating && !isSameOrigin(request.headers.get("origin"), authConfig().appOrigin)) {
        throw new AppError("forbidden", CROSS_SITE_REFUSED);
      }
      const parsed = (options.params ?? OrgParamsSchema).safeParse(await route.params);
      if (!parsed.success) throw new AppError("not_found", NOT_A_MEMBER);
      const params = parsed.data as P;
      Object.assign(logContext(), { orgId: params.orgId });
      const user = signedInUser(await readSessionFromRequest(request));
      const ctx = await loadOrgContext(user, params.orgId, options.access ?? (mutating ? "manage" : "view"), {
        limitCost: mutating ? CHANGE_COST : 1,
      });
      return await handler(request, { ...ctx, params });
    } catch (error) {
      return error instanceof RateLimitedError ? rateLimitedResponse(error) : errorResponse(error);
    }
  };
  return markGuarded(guarded, { transport: "route", access: options.access });
}
