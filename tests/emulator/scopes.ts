// Scope catalogue and the implication rules of livechat-api.md 1.11: `rw` includes `ro`, and
// `all` includes `access`, which includes `my`. The Role column decides who may be granted a scope.
import type { Role } from "./model";

type ScopeRole = "member" | "normal" | "administrator";

/** The scopes of livechat-api.md 1.11 (the demo client is configured with exactly these). */
export const DOCUMENTED_SCOPES: Record<string, ScopeRole> = {
  "accounts--my:ro": "member",
  "accounts.roles--all:ro": "member",
  "agents-bot--my:rw": "administrator",
  "agents-bot--my:ro": "administrator",
  "agents-bot--all:ro": "normal",
  "agents-bot--all:rw": "administrator",
  "agents--all:ro": "normal",
  "agents--my:ro": "normal",
  "groups--all:ro": "normal",
  "chats--all:ro": "administrator",
  "chats--all:rw": "administrator",
  "customers:ro": "normal",
  "multicast:rw": "normal",
  "webhooks.configuration:rw": "administrator",
  "webhooks.state:rw": "administrator",
  "webhooks.state:ro": "administrator",
};

/** Scopes named elsewhere in livechat-api.md (3.3, 3.4, 2.7, 2.6) that a client may also configure. */
const OTHER_KNOWN_SCOPES: Record<string, ScopeRole> = {
  "chats--access:ro": "normal",
  "chats--access:rw": "normal",
  "agents--my:rw": "normal",
  "agents--all:rw": "administrator",
  "groups--my:ro": "normal",
  "customers:rw": "normal",
};

const CATALOGUE: Record<string, ScopeRole> = { ...DOCUMENTED_SCOPES, ...OTHER_KNOWN_SCOPES };

export const ALL_DOCUMENTED_SCOPES = Object.keys(DOCUMENTED_SCOPES);

/** livechat-api.md 2.6: bot tokens carry these fixed scopes. */
export const BOT_TOKEN_SCOPES = ["chats--access:rw", "agents-bot--my:rw", "customers:rw"];

export function isKnownScope(scope: string): boolean {
  return scope in CATALOGUE;
}

export function isScopeAllowedForRole(scope: string, role: Role): boolean {
  const needed = CATALOGUE[scope];
  if (needed !== "administrator") return true;
  return role !== "normal";
}

interface ParsedScope {
  resource: string;
  level: number;
  permission: string;
}

const LEVELS: Record<string, number> = { my: 1, access: 2, all: 3 };

function parseScope(scope: string): ParsedScope {
  const [left, permission = ""] = scope.split(":");
  const [resource = "", level] = (left ?? "").split("--");
  return { resource, level: level ? (LEVELS[level] ?? 0) : 0, permission };
}

function permissionCovers(granted: string, required: string): boolean {
  if (granted === required) return true;
  if (granted === "rw") return required === "ro" || required === "rc";
  if (granted === "rc") return required === "ro";
  return false;
}

export function scopeCovers(granted: string, required: string): boolean {
  const g = parseScope(granted);
  const r = parseScope(required);
  return g.resource === r.resource && g.level >= r.level && permissionCovers(g.permission, r.permission);
}

export function hasScope(granted: readonly string[], required: string): boolean {
  return granted.some((scope) => scopeCovers(scope, required));
}

export function hasAnyScope(granted: readonly string[], required: readonly string[]): boolean {
  return required.some((scope) => hasScope(granted, scope));
}
