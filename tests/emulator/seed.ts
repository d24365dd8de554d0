// Applies a seed to the emulator's state. Re-seeding an existing id or e-mail is refused so a test
// never silently shares records with another. An emulator with a state file seeds with
// `keepExisting`: clients and organizations (by id) it already holds are kept as they are — the
// seed's redirect URIs are added to a kept client — and reported, so re-applying a seed after a
// restart changes nothing and duplicates nothing.
import { randomInt } from "node:crypto";
import type { EmulatorContext } from "./context";
import { newHexId, newUuid } from "./ids";
import type { Agent, Bot, GroupMembership, Organization } from "./model";
import { isKnownScope } from "./scopes";
import { seedSchema, type SeedInput, type SeedResult } from "./seed-schema";

export class SeedError extends Error {}

function toMembership(entry: number | GroupMembership): GroupMembership {
  return typeof entry === "number" ? { id: entry, priority: "normal" } : entry;
}

function parseSeed(input: SeedInput) {
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) throw new SeedError(`Invalid seed: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return parsed.data;
}

/** Adds a seed's redirect URIs to the clients of the seed the state already holds. */
function addRedirectUris(ctx: EmulatorContext, client: { clientId: string; redirectUris: string[] }): boolean {
  const existing = ctx.state.clients.get(client.clientId);
  if (!existing) return false;
  for (const uri of client.redirectUris) if (!existing.redirectUris.includes(uri)) existing.redirectUris.push(uri);
  return true;
}

/**
 * A restarted emulator's startup seed: nothing of it is applied again except the redirect URIs of
 * its clients, so a dashboard that moved to another port can still sign in.
 */
export function refreshSeedClients(ctx: EmulatorContext, input: SeedInput): void {
  for (const client of parseSeed(input).clients) addRedirectUris(ctx, client);
}

function existingOrganizationResult(ctx: EmulatorContext, id: string, botIds: string[]): SeedResult["organizations"][number] {
  const { state } = ctx;
  const organization = state.organizations.get(id);
  if (!organization) throw new SeedError(`Organization ${id} not found`);
  return {
    id,
    name: organization.name,
    licenseId: organization.licenseId,
    agents: state.agentsOf(id).map((agent) => ({ accountId: agent.accountId, agentId: agent.id, email: agent.email, role: agent.role })),
    bots: botIds.flatMap((botId) => {
      const bot = state.botInOrganization(id, botId);
      return bot ? [{ id: bot.id, secret: bot.secret }] : [];
    }),
  };
}

export function applySeed(ctx: EmulatorContext, input: SeedInput, options: { keepExisting?: boolean } = {}): SeedResult {
  const seed = parseSeed(input);
  const { state, clock } = ctx;
  const result: SeedResult = { organizations: [], clients: [] };

  // Ids first: a client without `organizationId` belongs to the seed's first organization.
  const organizationIds = seed.organizations.map((org) => org.id ?? newUuid());
  for (const client of seed.clients) {
    if (options.keepExisting && addRedirectUris(ctx, client)) {
      result.clients.push({ clientId: client.clientId, organizationId: state.clients.get(client.clientId)?.organizationId ?? null });
      continue;
    }
    if (state.clients.has(client.clientId)) throw new SeedError(`Client ${client.clientId} already exists`);
    const unknown = client.scopes.find((scope) => !isKnownScope(scope));
    if (unknown) throw new SeedError(`Unknown scope ${unknown}`);
    const organizationId = client.organizationId ?? organizationIds[0] ?? null;
    state.clients.set(client.clientId, { ...client, organizationId });
    result.clients.push({ clientId: client.clientId, organizationId });
  }

  for (const [index, org] of seed.organizations.entries()) {
    const id = organizationIds[index] ?? newUuid();
    if (options.keepExisting && state.organizations.has(id)) {
      result.organizations.push(existingOrganizationResult(ctx, id, org.bots.flatMap((bot) => (bot.id ? [bot.id] : []))));
      continue;
    }
    if (state.organizations.has(id)) throw new SeedError(`Organization ${id} already exists`);
    const organization: Organization = {
      id,
      name: org.name,
      licenseId: org.licenseId ?? randomInt(10_000_000, 99_999_999),
      region: org.region,
      createdAt: clock.timestamp(),
      groups: new Map(org.groups.map((group) => [group.id, { id: group.id, name: group.name, languageCode: group.languageCode }])),
      tags: org.tags ?? null,
    };
    const checkGroups = (memberships: GroupMembership[], who: string) => {
      const missing = memberships.find((membership) => !organization.groups.has(membership.id));
      if (missing) throw new SeedError(`${who}: group ${missing.id} does not exist in ${org.name}`);
    };
    const seededAgents: Agent[] = org.agents.map((agentSeed) => {
      if (state.findAgent(agentSeed.email)) throw new SeedError(`Agent ${agentSeed.email} already exists`);
      const groups = agentSeed.groups.map(toMembership);
      checkGroups(groups, agentSeed.email);
      return {
        accountId: agentSeed.accountId ?? newUuid(),
        organizationId: id,
        id: agentSeed.email,
        name: agentSeed.name,
        email: agentSeed.email,
        role: agentSeed.role,
        groups,
        maxChatsCount: agentSeed.maxChatsCount,
        jobTitle: agentSeed.jobTitle,
        avatar: null,
        routingStatus: "offline",
        createdAt: clock.timestamp(),
      };
    });
    const seededBots: Bot[] = org.bots.map((botSeed) => {
      const groups = botSeed.groups.map(toMembership);
      checkGroups(groups, botSeed.name);
      if (!state.clients.has(botSeed.ownerClientId)) throw new SeedError(`Bot ${botSeed.name}: unknown client ${botSeed.ownerClientId}`);
      return {
        id: botSeed.id ?? newHexId(16),
        organizationId: id,
        ownerClientId: botSeed.ownerClientId,
        name: botSeed.name,
        avatar: null,
        maxChatsCount: botSeed.maxChatsCount,
        defaultGroupPriority: botSeed.defaultGroupPriority,
        jobTitle: null,
        groups,
        type: botSeed.type,
        workScheduler: null,
        timezone: null,
        secret: botSeed.secret ?? newHexId(16),
        routingStatus: botSeed.routingStatus,
        createdAt: clock.timestamp(),
      };
    });
    state.organizations.set(id, organization);
    for (const agent of seededAgents) state.agents.set(agent.accountId, agent);
    for (const bot of seededBots) state.bots.set(bot.id, bot);
    result.organizations.push({
      id,
      name: organization.name,
      licenseId: organization.licenseId,
      agents: seededAgents.map((agent) => ({ accountId: agent.accountId, agentId: agent.id, email: agent.email, role: agent.role })),
      bots: seededBots.map((bot) => ({ id: bot.id, secret: bot.secret })),
    });
  }
  return result;
}
