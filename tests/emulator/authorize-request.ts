// Validation of the authorize URL's parameters (livechat-api.md 1.2, 1.3, 1.9). Failures send
// the browser to `/ooops` with `oauth_exception` and `exception_details`, never to the callback.
import type { EmulatorContext } from "./context";
import type { Client } from "./model";
import { redirectUriAllowed } from "./redirect-uri";
import { isKnownScope } from "./scopes";

export interface AuthorizeRequest {
  client: Client;
  redirectUri: string;
  state: string | null;
  codeChallenge: string | null;
  challengeMethod: "plain" | "S256";
  scopes: string[];
  organizationId: string | null;
  loginAs: string | null;
}

export interface AuthorizeFailure {
  exception: string;
  details?: string;
}

const CHALLENGE_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

function parseMethod(value: string | null): "plain" | "S256" | null {
  if (value === null || value === "plain") return "plain";
  // livechat-api.md 1.2: the parameter table spells it `s256`, the PKCE text `S256`.
  return value === "S256" || value === "s256" ? "S256" : null;
}

export function parseAuthorizeRequest(ctx: EmulatorContext, params: URLSearchParams): AuthorizeRequest | AuthorizeFailure {
  const clientId = params.get("client_id");
  const client = clientId ? ctx.state.clients.get(clientId) : undefined;
  if (!client) return { exception: "unauthorized_client", details: "client_id_not_found" };
  if (client.redirectUris.length === 0) return { exception: "unauthorized_client", details: "redirect_uri_not_set" };
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri) return { exception: "invalid_request", details: "invalid_redirect_uri" };
  if (!redirectUriAllowed(redirectUri, client.redirectUris)) return { exception: "unauthorized_client", details: "invalid_redirect_uri" };
  if (params.get("response_type") !== "code") return { exception: "unsupported_response_type" };
  const challenge = params.get("code_challenge");
  if (challenge !== null && !CHALLENGE_PATTERN.test(challenge)) return { exception: "invalid_request" };
  const method = parseMethod(params.get("code_challenge_method"));
  if (!method) return { exception: "invalid_request" };
  const scopeParam = params.get("scope");
  // SDK behaviour (1.2): a comma-separated subset of the client's scopes; omitted = all of them.
  const scopes = scopeParam === null ? [...client.scopes] : scopeParam.split(",").map((scope) => scope.trim()).filter(Boolean);
  if (scopes.some((scope) => !isKnownScope(scope) || !client.scopes.includes(scope))) return { exception: "invalid_scope" };
  return {
    client,
    redirectUri,
    state: params.get("state"),
    codeChallenge: challenge,
    challengeMethod: method,
    scopes,
    organizationId: params.get("organization_id"),
    loginAs: params.get("login_as"),
  };
}

export function isFailure(value: AuthorizeRequest | AuthorizeFailure): value is AuthorizeFailure {
  return "exception" in value;
}

export function ooopsLocation(failure: AuthorizeFailure): string {
  const query = new URLSearchParams({ oauth_exception: failure.exception });
  if (failure.details) query.set("exception_details", failure.details);
  return `/ooops?${query.toString()}`;
}
