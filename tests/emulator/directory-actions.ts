// Configuration API reads of groups and agents (livechat-api.md 2.7, 2.8).
import { z } from "zod";
import { ApiError } from "./api-error";
import type { ConfigAction } from "./bot-actions";
import type { EmulatorContext } from "./context";
import type { Agent, Group } from "./model";
import { requireAnyScope } from "./requester";
import { parsePayload } from "./validate";

const groupFieldsSchema = z.array(z.enum(["agent_priorities", "routing_status"])).optional();

function groupRoutingStatus(ctx: EmulatorContext, organizationId: string, groupId: number): string {
  const members = [...ctx.state.agentsOf(organizationId), ...ctx.state.botsOf(organizationId)].filter((user) =>
    user.groups.some((group) => group.id === groupId),
  );
  if (members.some((user) => user.routingStatus === "accepting_chats")) return "accepting_chats";
  if (members.some((user) => user.routingStatus === "not_accepting_chats")) return "not_accepting_chats";
  return "offline";
}

function groupView(ctx: EmulatorContext, organizationId: string, group: Group, fields: string[]): Record<string, unknown> {
  const view: Record<string, unknown> = { id: group.id, name: group.name, language_code: group.languageCode };
  if (fields.includes("agent_priorities")) {
    // Whether bots appear here is NOT DOCUMENTED (2.7); stricter: human agents only.
    const priorities: Record<string, string> = {};
    for (const agent of ctx.state.agentsOf(organizationId)) {
      const membership = agent.groups.find((candidate) => candidate.id === group.id);
      if (membership) priorities[agent.id] = membership.priority;
    }
    view.agent_priorities = priorities;
  }
  if (fields.includes("routing_status")) view.routing_status = groupRoutingStatus(ctx, organizationId, group.id);
  return view;
}

export const listGroups: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(z.strictObject({ fields: groupFieldsSchema }), payload);
  requireAnyScope(requester, ["groups--all:ro"]);
  const organization = ctx.state.organizations.get(requester.organizationId);
  return [...(organization?.groups.values() ?? [])].map((group) => groupView(ctx, requester.organizationId, group, input.fields ?? []));
};

const AGENT_FIELDS = [
  "groups",
  "work_scheduler",
  "email_subscriptions",
  "notifications",
  "job_title",
  "mobile",
  "max_chats_count",
  "suspended",
  "awaiting_approval",
  "last_logout",
] as const;
const agentFieldsSchema = z.array(z.enum(AGENT_FIELDS)).optional();

function agentView(agent: Agent, fields: readonly string[]): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: agent.id,
    account_id: agent.accountId,
    name: agent.name,
    avatar_path: agent.avatar ?? "",
    role: agent.role,
    // livechat-api.md 2.8: `login_status` uses spaces.
    login_status: agent.routingStatus === "accepting_chats" ? "accepting chats" : "not accepting chats",
  };
  const extras: Record<string, () => unknown> = {
    groups: () => agent.groups.map((group) => ({ ...group })),
    work_scheduler: () => ({}),
    email_subscriptions: () => [],
    notifications: () => [],
    job_title: () => agent.jobTitle,
    mobile: () => "",
    max_chats_count: () => agent.maxChatsCount,
    suspended: () => false,
    awaiting_approval: () => false,
  };
  for (const field of fields) {
    const value = extras[field];
    if (value) view[field] = value();
  }
  return view;
}

const listAgentsSchema = z.strictObject({
  filters: z
    .strictObject({ group_ids: z.array(z.number().int()).optional(), suspended: z.boolean().optional() })
    .optional(),
  fields: agentFieldsSchema,
});

/** Bots are not listed: whether they appear is NOT DOCUMENTED (2.8); use `list_bots`. */
export const listAgents: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(listAgentsSchema, payload);
  requireAnyScope(requester, ["agents--all:ro"]);
  const groupIds = input.filters?.group_ids;
  if (input.filters?.suspended === true) return [];
  return ctx.state
    .agentsOf(requester.organizationId)
    .filter((agent) => !groupIds || agent.groups.some((group) => groupIds.includes(group.id)))
    .map((agent) => agentView(agent, input.fields ?? []));
};

export const getAgent: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(z.strictObject({ id: z.string().min(1), fields: agentFieldsSchema }), payload);
  const self = requester.kind === "agent" && requester.id === input.id;
  requireAnyScope(requester, self ? ["agents--my:ro", "agents--all:ro"] : ["agents--all:ro"]);
  const agent = ctx.state.agentByAgentId(requester.organizationId, input.id);
  if (!agent) throw new ApiError("not_found", "Agent not found");
  return agentView(agent, input.fields ?? []);
};
