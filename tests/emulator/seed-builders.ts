// Helpers for tests that build their own seeds (a second organization, another OAuth client…):
// they fill in fresh ids so the caller knows them before seeding.
import { newHexId, newOpaqueSecret, newUuid } from "./ids";
import type { Role } from "./model";
import { ALL_DOCUMENTED_SCOPES, isScopeAllowedForRole } from "./scopes";
import type { ClientSeed, OrganizationSeed } from "./seed-schema";

export function organizationSeed(name: string, options: Omit<OrganizationSeed, "name" | "id"> = {}): OrganizationSeed & { id: string } {
  return { ...options, name, id: newUuid() };
}

export function clientSeed(options: Partial<Omit<ClientSeed, "clientId" | "clientSecret">> = {}): ClientSeed & { clientId: string; clientSecret: string } {
  return { ...options, clientId: newHexId(16), clientSecret: newOpaqueSecret(24) };
}

/** The scopes of a list that an account with this role may be granted (livechat-api.md 1.11). */
export function scopesForRole(role: Role, scopes: readonly string[] = ALL_DOCUMENTED_SCOPES): string[] {
  return scopes.filter((scope) => isScopeAllowedForRole(scope, role));
}
