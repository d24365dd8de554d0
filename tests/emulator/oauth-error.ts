// Errors of the accounts service (livechat-api.md 1.9):
// `{ error, error_description, sub_error, request_id }`.
import type { ServerResponse } from "node:http";
import { sendJson } from "./http-util";
import { newRequestId } from "./ids";

export type OAuthErrorCode =
  | "invalid_request"
  | "unauthorized_client"
  | "invalid_client"
  | "invalid_grant"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope"
  | "access_denied"
  | "unauthorized"
  | "resource_not_found"
  | "server_error"
  | "temporarily_unavailable";

/**
 * The docs list 401/403/422/429/500 for `POST /v2/token` without tying them to codes
 * (livechat-api.md 1.9: NOT DOCUMENTED), so this is our mapping: client authentication problems
 * 401; a refused grant, grant type or scope 403 ("not authorized"); missing or malformed
 * parameters 422; overload 429; server errors 500. Unknown or expired bearer tokens on the
 * accounts API answer 401 `unauthorized` (also NOT DOCUMENTED); an unknown token on
 * `DELETE /v2/token` answers 404 (1.8).
 */
export const OAUTH_HTTP_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 422,
  unauthorized_client: 401,
  invalid_client: 401,
  unauthorized: 401,
  invalid_grant: 403,
  unsupported_grant_type: 403,
  unsupported_response_type: 403,
  invalid_scope: 403,
  access_denied: 403,
  resource_not_found: 404,
  temporarily_unavailable: 429,
  server_error: 500,
};

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly subError: string | null = null,
  ) {
    super(description);
    this.name = "OAuthError";
  }

  get httpStatus(): number {
    return OAUTH_HTTP_STATUS[this.code];
  }
}

export function sendOAuthError(res: ServerResponse, error: OAuthError, headers: Record<string, string> = {}): void {
  sendJson(
    res,
    error.httpStatus,
    { error: error.code, error_description: error.description, sub_error: error.subError, request_id: newRequestId() },
    headers,
  );
}
