// Who may change what. LiveChat's own role decides (livechat-api.md 1.10): owners, viceowners and
// administrators manage bots, rules and the worker connection; normal agents can look only.
import type { Role } from "../validation/membership";
import type { LiveChatAccount } from "../validation/livechat-accounts";

const MANAGER_ROLES: ReadonlySet<Role> = new Set(["owner", "viceowner", "administrator"]);

export function canManage(role: Role): boolean {
  return MANAGER_ROLES.has(role);
}

/** Removing members from Botdesk is for owners only. */
export function canRemoveMembers(role: Role): boolean {
  return role === "owner";
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  viceowner: "Vice owner",
  administrator: "Administrator",
  normal: "Agent",
};

const RANK: Record<Role, number> = { normal: 0, administrator: 1, viceowner: 2, owner: 3 };

/**
 * livechat-api.md 1.10: the LiveChat product role (`owner`, `viceowner`, `administrator`, `normal`)
 * wins; without one, the Accounts primary role (`owner`, `administrator`, `member`) is mapped. An
 * unknown role counts as `normal`, so a surprise never grants more than read access.
 */
export function roleFromAccount(account: LiveChatAccount): Role {
  const fromProduct = account.roles.filter((entry) => entry.product === "LiveChat").map((entry) => toRole(entry.role));
  const candidates = fromProduct.length > 0 ? fromProduct : account.roles.map((entry) => toRole(entry.role));
  return candidates.reduce<Role>((best, role) => (RANK[role] > RANK[best] ? role : best), "normal");
}

function toRole(value: string): Role {
  if (value === "owner" || value === "viceowner" || value === "administrator") return value;
  return "normal";
}
