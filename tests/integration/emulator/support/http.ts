// HTTP helpers for the emulator tests: API calls, OAuth with PKCE, and the token endpoint.
import { createHash, randomBytes } from "node:crypto";
import type { Emulator } from "@/tests/emulator";

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function callApi<T = Record<string, unknown>>(
  emulator: Emulator,
  api: "agent" | "configuration",
  action: string,
  token: string | null,
  payload: unknown = {},
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${emulator.url}/v3.6/${api}/action/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export function errorType(result: HttpResult<unknown>): string | undefined {
  return (result.body as { error?: { type?: string } }).error?.type;
}

export function pkce(method: "S256" | "plain" = "S256"): { verifier: string; challenge: string; method: string } {
  const verifier = randomBytes(48).toString("base64url");
  const challenge = method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge, method };
}

export function authorizeUrl(emulator: Emulator, params: Record<string, string>): string {
  return `${emulator.url}/?${new URLSearchParams({ response_type: "code", ...params }).toString()}`;
}

/** GET the authorize URL without following the redirect. */
export async function authorize(emulator: Emulator, params: Record<string, string>): Promise<{ status: number; location: URL | null; html: string }> {
  const response = await fetch(authorizeUrl(emulator, params), { redirect: "manual" });
  const location = response.headers.get("location");
  return { status: response.status, location: location ? new URL(location, emulator.url) : null, html: await response.text() };
}

export async function postToken(emulator: Emulator, params: Record<string, string>, encoding: "form" | "json" = "form"): Promise<HttpResult> {
  const response = await fetch(`${emulator.url}/v2/token`, {
    method: "POST",
    headers: { "content-type": encoding === "form" ? "application/x-www-form-urlencoded" : "application/json" },
    body: encoding === "form" ? new URLSearchParams(params).toString() : JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

export async function getAccounts(emulator: Emulator, path: string, token: string | null, method = "GET"): Promise<HttpResult> {
  const response = await fetch(`${emulator.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
