// Who gets a chat. A customer chat in group G goes to an `accepting_chats` bot of G by priority
// (`first`, `normal`, `last`; never `supervisor`), within its `max_chats_count`; otherwise to an
// accepting human agent of G the same way; otherwise it waits in the queue (livechat-api.md 2.2,
// 3.3, 6.2). Ties go to the candidate with fewer active chats, then to the lower id, so tests are
// deterministic.
import type { GroupMembership, Priority, RoutingStatus } from "./model";
import { activeThread } from "./model";
import type { EmulatorState } from "./state";

const PRIORITY_RANK: Record<Exclude<Priority, "supervisor">, number> = { first: 0, normal: 1, last: 2 };

export interface Assignee {
  kind: "bot" | "agent";
  id: string;
}

interface Candidate {
  id: string;
  groups: GroupMembership[];
  maxChatsCount: number;
  routingStatus: RoutingStatus;
}

export function activeChatCount(state: EmulatorState, organizationId: string, userId: string): number {
  return state.chatsOf(organizationId).filter((chat) => activeThread(chat) && chat.users.has(userId)).length;
}

function bestRank(groups: GroupMembership[], groupIds: readonly number[]): number | undefined {
  const ranks = groups
    .filter((membership) => groupIds.includes(membership.id) && membership.priority !== "supervisor")
    .map((membership) => PRIORITY_RANK[membership.priority as Exclude<Priority, "supervisor">]);
  return ranks.length > 0 ? Math.min(...ranks) : undefined;
}

function choose(
  state: EmulatorState,
  organizationId: string,
  candidates: Candidate[],
  groupIds: readonly number[],
  exclude: ReadonlySet<string>,
): string | undefined {
  const ranked = candidates
    .filter((candidate) => candidate.routingStatus === "accepting_chats" && !exclude.has(candidate.id))
    .map((candidate) => ({
      id: candidate.id,
      rank: bestRank(candidate.groups, groupIds),
      load: activeChatCount(state, organizationId, candidate.id),
      max: candidate.maxChatsCount,
    }))
    .filter((candidate) => candidate.rank !== undefined && candidate.load < candidate.max)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.load - b.load || a.id.localeCompare(b.id));
  return ranked[0]?.id;
}

export function pickAssignee(
  state: EmulatorState,
  organizationId: string,
  groupIds: readonly number[],
  exclude: ReadonlySet<string> = new Set(),
): Assignee | null {
  const botId = choose(state, organizationId, state.botsOf(organizationId), groupIds, exclude);
  if (botId) return { kind: "bot", id: botId };
  const agentId = choose(state, organizationId, state.agentsOf(organizationId), groupIds, exclude);
  return agentId ? { kind: "agent", id: agentId } : null;
}

/** Whether one specific agent or bot could take a chat of these groups right now. */
export function canTakeChat(state: EmulatorState, organizationId: string, userId: string, groupIds: readonly number[]): boolean {
  const candidates: Candidate[] = [...state.botsOf(organizationId), ...state.agentsOf(organizationId)];
  const candidate = candidates.find((c) => c.id === userId);
  return candidate !== undefined && choose(state, organizationId, [candidate], groupIds, new Set()) === userId;
}
