// The client side of the JSON API: requests with the session cookie; an error answer becomes the
// same AppError the server threw (code, message, and the field, reason, LiveChat type and retry
// time when the answer has them), so pages show its message as is.
import { AppError, errorStatus, type ErrorCode } from "../errors";

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && value in errorStatus;
}

/** What an error answer may carry besides its code and message (lib/http/error-response.ts). */
export interface ApiErrorDetails {
  field?: string;
  reason?: string;
  livechatType?: string;
  retryAfterSeconds?: number;
  /** Every problem found, when the server reported several (e.g. per rule of an import). */
  errors?: Array<{ ruleIndex?: number; ruleName?: string; field: string; message: string }>;
}

export function apiErrorDetails(error: unknown): ApiErrorDetails {
  return error instanceof AppError ? ((error.details ?? {}) as ApiErrorDetails) : {};
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin" });
  } catch {
    throw new AppError("unavailable", "Botdesk could not be reached. Check your connection and try again.");
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  const code = isErrorCode(error?.code) ? error.code : "internal";
  const message = typeof error?.message === "string" ? error.message : `The request failed (${response.status}).`;
  const details: ApiErrorDetails = {};
  if (typeof error?.field === "string") details.field = error.field;
  if (typeof error?.reason === "string") details.reason = error.reason;
  if (typeof error?.livechatType === "string") details.livechatType = error.livechatType;
  if (typeof error?.retryAfterSeconds === "number") details.retryAfterSeconds = error.retryAfterSeconds;
  const errors = (error?.details as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) details.errors = errors as NonNullable<ApiErrorDetails["errors"]>;
  throw new AppError(code, message, { ...details });
}

export function fetchJson<T>(url: string): Promise<T> {
  return request<T>(url, { headers: { Accept: "application/json" } });
}

/** A state-changing call; the browser adds the `Origin` header the API checks. */
export function sendJson<T>(url: string, method: "POST" | "PUT" | "PATCH" | "DELETE", body?: unknown): Promise<T> {
  return request<T>(url, {
    method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Runs a change, then revalidates — also after a failure, since the server may have stored part of it. */
export async function thenRevalidate<T>(revalidate: () => Promise<unknown>, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } finally {
    void revalidate();
  }
}
