// Errors of the Configuration, Agent Web and RTM APIs: `{ "error": { "type", "message", "data"? } }`
// (livechat-api.md 2.9, 3.8, 4.2).
export type ApiErrorType =
  | "agent_offline"
  | "already_exists"
  | "authentication"
  | "authorization"
  | "chat_inactive"
  | "entity_too_large"
  | "group_not_found"
  | "internal"
  | "license_expired"
  | "license_not_found"
  | "limit_reached"
  | "misdirected_request"
  | "missing_access"
  | "not_found"
  | "ownership_transfer"
  | "pending_requests_limit_reached"
  | "request_timeout"
  | "service_unavailable"
  | "too_many_requests"
  | "unsupported_version"
  | "validation"
  | "wrong_product_version";

/**
 * HTTP statuses of the Web and Configuration APIs. The docs give none (livechat-api.md 2.9, 3.8:
 * NOT DOCUMENTED), so this is our choice, in one place. Clients should branch on `error.type`; the
 * status only has to be a sensible non-2xx. `request_timeout` is a gateway-style 504 because the
 * action may still have run (see api-call.ts).
 */
export const HTTP_STATUS_BY_ERROR_TYPE: Record<ApiErrorType, number> = {
  validation: 400,
  unsupported_version: 400,
  wrong_product_version: 400,
  authentication: 401,
  license_expired: 402,
  authorization: 403,
  missing_access: 403,
  limit_reached: 403,
  not_found: 404,
  group_not_found: 404,
  license_not_found: 404,
  already_exists: 409,
  ownership_transfer: 409,
  chat_inactive: 409,
  agent_offline: 409,
  entity_too_large: 413,
  misdirected_request: 421,
  too_many_requests: 429,
  pending_requests_limit_reached: 429,
  internal: 500,
  service_unavailable: 503,
  request_timeout: 504,
};

export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_ERROR_TYPE[this.type];
  }

  toBody(): { error: { type: ApiErrorType; message: string; data?: Record<string, unknown> } } {
    return { error: { type: this.type, message: this.message, ...(this.data ? { data: this.data } : {}) } };
  }
}

export function validationError(message: string): ApiError {
  return new ApiError("validation", message);
}
