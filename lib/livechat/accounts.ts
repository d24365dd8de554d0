// Client for the LiveChat accounts service (livechat-api.md 1.5–1.10): code exchange, refresh,
// revocation, introspection and the signed-in user's profile. Shared by web and worker, so it
// takes its configuration as an argument instead of reading the environment.
import type { z } from "zod";
import {
  LiveChatAccountSchema,
  LiveChatOrganizationSchema,
  TokenInfoSchema,
  TokenResponseSchema,
  type LiveChatAccount,
  type LiveChatOrganization,
  type TokenInfo,
  type TokenResponse,
} from "../validation/livechat-accounts";
import { LiveChatError, liveChatErrorFromResponse, networkError } from "./errors";
import { postForm } from "./http";
import type { RequestMeter } from "./request-meter";

export interface AccountsConfig {
  /** LIVECHAT_ACCOUNTS_URL, without a trailing slash. */
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  /** Counts each call (livechat-api.md 10.1: the accounts service is billed like every API). */
  meter?: RequestMeter;
}

/** Both the web and the worker configuration carry these three variables. */
export function accountsConfigFrom(env: {
  LIVECHAT_ACCOUNTS_URL: string;
  LIVECHAT_CLIENT_ID: string;
  LIVECHAT_CLIENT_SECRET: string;
}): AccountsConfig {
  return { accountsUrl: env.LIVECHAT_ACCOUNTS_URL, clientId: env.LIVECHAT_CLIENT_ID, clientSecret: env.LIVECHAT_CLIENT_SECRET };
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** GET or DELETE with a bearer token; `lib/livechat/http.ts` covers the POSTs. */
async function bearerRequest(config: AccountsConfig, action: string, path: string, method: string, token: string) {
  let response: Response;
  try {
    response = await fetch(`${config.accountsUrl}${path}`, {
      method,
      headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    config.meter?.record({ action, status: 0 });
    throw networkError(error, action);
  }
  config.meter?.record({ action, status: response.status });
  if (!response.ok) throw await liveChatErrorFromResponse(response, action);
  return response.json().catch(() => ({})) as Promise<unknown>;
}

function check<T>(body: unknown, schema: z.ZodType<T>, action: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new LiveChatError("invalid_response", "LiveChat answered in a format Botdesk does not understand", 200, { action });
}

/** livechat-api.md 1.5: form-encoded, `client_secret` required even with PKCE. */
async function tokenRequest(config: AccountsConfig, fields: Record<string, string>, action: string): Promise<TokenResponse> {
  const form = { ...fields, client_id: config.clientId, client_secret: config.clientSecret };
  const body = await postForm<unknown>(`${config.accountsUrl}/v2/token`, action, form, {
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(config.meter ? { meter: config.meter } : {}),
  });
  return check(body, TokenResponseSchema, action);
}

export function exchangeCode(
  config: AccountsConfig,
  input: { code: string; redirectUri: string; codeVerifier: string },
): Promise<TokenResponse> {
  return tokenRequest(
    config,
    { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier },
    "exchange_code",
  );
}

/** livechat-api.md 1.6: server-side apps keep the same refresh token (no rotation). */
export function refreshAccessToken(config: AccountsConfig, refreshToken: string): Promise<TokenResponse> {
  return tokenRequest(config, { grant_type: "refresh_token", refresh_token: refreshToken }, "refresh_token");
}

/** livechat-api.md 1.8: revoking an access token revokes its paired refresh token; 404 = already gone. */
export async function revokeToken(config: AccountsConfig, token: string): Promise<void> {
  try {
    await bearerRequest(config, "revoke_token", "/v2/token", "DELETE", token);
  } catch (error) {
    if (error instanceof LiveChatError && error.status === 404) return;
    throw error;
  }
}

async function bearerGet<T>(config: AccountsConfig, path: string, token: string, schema: z.ZodType<T>, action: string) {
  return check(await bearerRequest(config, action, path, "GET", token), schema, action);
}

export function getMyAccount(config: AccountsConfig, accessToken: string): Promise<LiveChatAccount> {
  return bearerGet(config, "/v2/accounts/me", accessToken, LiveChatAccountSchema, "get_my_account");
}

export function getMyOrganization(config: AccountsConfig, accessToken: string): Promise<LiveChatOrganization> {
  return bearerGet(config, "/v2/organizations/my", accessToken, LiveChatOrganizationSchema, "get_my_organization");
}

export function getTokenInfo(config: AccountsConfig, accessToken: string): Promise<TokenInfo> {
  return bearerGet(config, "/v2/info", accessToken, TokenInfoSchema, "get_token_info");
}
