// The one mapping from thrown errors to `{ error: { code, message } }` and an HTTP status:
// AppError as it says (a body over its limit is a 413 `payload_too_large`), zod input errors as
// 422 (naming the field), LiveChat's refusals with LiveChat's own type and words, Prisma's unique
// and not-found errors as 409/404. Anything else is logged and answered as a plain 500.
import { ZodError } from "zod";
import { AppError, errorStatus, type ErrorCode } from "../errors";
import { LiveChatError } from "../livechat/errors";
import { createLogger } from "../log";

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** The input field the error is about, e.g. `name` or `groups.0.id`. */
    field?: string;
    /** What the user can do about it, e.g. `needs_reauth`, `missing_bot_management_access`. */
    reason?: string;
    /** LiveChat's own error type when LiveChat refused the request (livechat-api.md 2.9, 3.8). */
    livechatType?: string;
    /** When to try again; also sent as `Retry-After`. */
    retryAfterSeconds?: number;
    /**
     * The problems found, when the input had several (e.g. each invalid rule of an import): at most
     * MAX_REPORTED_ERRORS of them, and `moreErrors` counts those left out.
     */
    details?: { errors: Array<{ ruleIndex?: number; ruleName?: string; field: string; message: string }>; moreErrors?: number };
  };
}

type Extras = Omit<ErrorBody["error"], "code" | "message">;

/** LiveChat's error types (livechat-api.md 2.9, 3.8) as our codes; everything else is a 502. */
const LIVECHAT_CODES: Record<string, ErrorCode> = {
  validation: "validation",
  group_not_found: "validation",
  authorization: "forbidden",
  missing_access: "forbidden",
  limit_reached: "forbidden",
  license_expired: "forbidden",
  not_found: "not_found",
  already_exists: "conflict",
  ownership_transfer: "conflict",
  too_many_requests: "rate_limited",
  pending_requests_limit_reached: "rate_limited",
};

function prismaCode(error: unknown): string | undefined {
  // Two generated clients (SQLite, PostgreSQL) mean two error classes: match by name.
  if (error instanceof Error && error.name === "PrismaClientKnownRequestError") return (error as { code?: string }).code;
  return undefined;
}

function describeZod(error: ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  if (!issue) return { message: "The request is not valid." };
  const field = issue.path.length > 0 ? issue.path.join(".") : undefined;
  return { message: field ? `${field}: ${issue.message}` : issue.message, field };
}

function fromLiveChat(error: LiveChatError): Extras & { code: ErrorCode } {
  return {
    code: LIVECHAT_CODES[error.type] ?? "livechat_error",
    livechatType: error.type,
    ...(error.options.field ? { field: error.options.field } : {}),
    ...(error.options.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.options.retryAfterSeconds } : {}),
    // livechat-api.md 2.9: `authentication` is an invalid or expired token; signing in again helps.
    ...(error.type === "authentication" ? { reason: "needs_reauth" } : {}),
  };
}

type ErrorList = NonNullable<ErrorBody["error"]["details"]>["errors"];

function fromAppError(error: AppError): Extras {
  const { field, reason, errors, moreErrors } = error.details ?? {};
  const more = typeof moreErrors === "number" && moreErrors > 0 ? { moreErrors } : {};
  return {
    ...(typeof field === "string" ? { field } : {}),
    ...(typeof reason === "string" ? { reason } : {}),
    ...(Array.isArray(errors) ? { details: { errors: errors as ErrorList, ...more } } : {}),
  };
}

export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  const make = (code: ErrorCode, message: string, extras: Extras = {}) => ({
    status: errorStatus[code],
    body: { error: { code, message, ...extras } },
  });
  if (error instanceof AppError) return make(error.code, error.message, fromAppError(error));
  if (error instanceof ZodError) {
    const { message, field } = describeZod(error);
    return make("validation", message, field ? { field } : {});
  }
  if (error instanceof LiveChatError) {
    const { code, ...extras } = fromLiveChat(error);
    return make(code, error.message, extras);
  }
  const code = prismaCode(error);
  if (code === "P2002") return make("conflict", "That already exists.");
  if (code === "P2025") return make("not_found", "Not found.");
  createLogger({ scope: "http" }).error("Unexpected error", { error });
  return make("internal", "Something went wrong on our side. Try again; if it keeps happening, tell your administrator.");
}

export function errorResponse(error: unknown): Response {
  const { status, body } = toErrorBody(error);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (body.error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(Math.ceil(body.error.retryAfterSeconds));
  return Response.json(body, { status, headers });
}
