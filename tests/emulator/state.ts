// The emulator's in-memory records and the lookups every surface shares.
import type { Agent, Bot, Chat, Client, Customer, Organization } from "./model";

export class EmulatorState {
  readonly organizations = new Map<string, Organization>();
  /** Human agents by Global Accounts account id. */
  readonly agents = new Map<string, Agent>();
  readonly clients = new Map<string, Client>();
  readonly bots = new Map<string, Bot>();
  readonly customers = new Map<string, Customer>();
  readonly chats = new Map<string, Chat>();

  agentByAgentId(organizationId: string, agentId: string): Agent | undefined {
    for (const agent of this.agents.values()) {
      if (agent.organizationId === organizationId && agent.id === agentId) return agent;
    }
    return undefined;
  }

  /** Finds a human by account id, agent id or e-mail (control API convenience). */
  findAgent(reference: string): Agent | undefined {
    const direct = this.agents.get(reference);
    if (direct) return direct;
    const lower = reference.toLowerCase();
    for (const agent of this.agents.values()) {
      if (agent.id === reference || agent.email.toLowerCase() === lower) return agent;
    }
    return undefined;
  }

  agentsOf(organizationId: string): Agent[] {
    return [...this.agents.values()].filter((agent) => agent.organizationId === organizationId);
  }

  botsOf(organizationId: string): Bot[] {
    return [...this.bots.values()].filter((bot) => bot.organizationId === organizationId);
  }

  botInOrganization(organizationId: string, botId: string): Bot | undefined {
    const bot = this.bots.get(botId);
    return bot?.organizationId === organizationId ? bot : undefined;
  }

  chatsOf(organizationId: string): Chat[] {
    return [...this.chats.values()].filter((chat) => chat.organizationId === organizationId);
  }

  chatInOrganization(organizationId: string, chatId: string): Chat | undefined {
    const chat = this.chats.get(chatId);
    return chat?.organizationId === organizationId ? chat : undefined;
  }

  /** Group ids of an agent or a bot of the organization (empty for unknown ids). */
  groupIdsOfUser(organizationId: string, userId: string): number[] {
    const bot = this.botInOrganization(organizationId, userId);
    if (bot) return bot.groups.map((group) => group.id);
    return this.agentByAgentId(organizationId, userId)?.groups.map((group) => group.id) ?? [];
  }

  isBot(organizationId: string, userId: string): boolean {
    return this.botInOrganization(organizationId, userId) !== undefined;
  }

  displayName(organizationId: string, userId: string): string {
    const bot = this.botInOrganization(organizationId, userId);
    if (bot) return bot.name;
    const agent = this.agentByAgentId(organizationId, userId);
    if (agent) return agent.name;
    return this.customers.get(userId)?.name ?? userId;
  }
}
