// A standard test world: the demo organization plus a second organization, and helpers to get
// tokens, bots and logged-in RTM sockets quickly.
import {
  DEMO_ACCOUNTS,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_ORGANIZATION_ID,
  buildDemoSeed,
  clientSeed,
  organizationSeed,
  startEmulator,
  type Emulator,
  type EmulatorTimings,
} from "@/tests/emulator";
import { callApi } from "./http";
import { TestRtmClient } from "./rtm-client";

export { DEMO_ACCOUNTS, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ORGANIZATION_ID };

/** A client whose scopes a normal agent may hold (incl. `chats--access`), for human-agent sockets. */
export const agentClient = clientSeed({
  name: "Agent app",
  redirectUris: ["http://localhost:3000/api/auth/callback"],
  scopes: ["chats--access:rw", "chats--access:ro", "customers:ro", "multicast:rw", "agents--all:ro", "agents-bot--all:ro", "agents--my:rw", "accounts--my:ro"],
});

export const otherOrg = organizationSeed("Globex Help", {
  groups: [
    { id: 0, name: "General" },
    { id: 2, name: "Billing" },
  ],
  agents: [{ name: "Gina Globex", email: "gina@globex.example", role: "owner", groups: [0, 2] }],
});

export interface World {
  emulator: Emulator;
  orgId: string;
  adminToken: string;
  ownerToken: string;
}

export async function startWorld(timings: Partial<EmulatorTimings> = {}): Promise<World> {
  const demo = buildDemoSeed();
  const emulator = await startEmulator({ timings, seed: { clients: [...demo.clients, agentClient], organizations: [...demo.organizations, otherOrg] } });
  return {
    emulator,
    orgId: DEMO_ORGANIZATION_ID,
    adminToken: emulator.issueTokensFor(DEMO_ACCOUNTS.administrator.email, DEMO_CLIENT_ID).access_token,
    ownerToken: emulator.issueTokensFor(DEMO_ACCOUNTS.owner.email, DEMO_CLIENT_ID).access_token,
  };
}

export interface CreatedBot {
  id: string;
  secret: string;
  token: string;
}

/** Creates a bot through the Configuration API, optionally accepting chats, and issues its token. */
export async function createBot(
  world: World,
  options: { name?: string; groups?: { id: number; priority: string }[]; accepting?: boolean; maxChatsCount?: number } = {},
): Promise<CreatedBot> {
  const created = await callApi<{ id: string; secret: string }>(world.emulator, "configuration", "create_bot", world.adminToken, {
    name: options.name ?? "Helper",
    groups: options.groups ?? [{ id: 0, priority: "first" }],
    ...(options.maxChatsCount !== undefined ? { max_chats_count: options.maxChatsCount } : {}),
  });
  if (created.status !== 200) throw new Error(`create_bot failed: ${JSON.stringify(created.body)}`);
  const { id, secret } = created.body;
  const issued = await callApi<{ token: string }>(world.emulator, "configuration", "issue_bot_token", world.adminToken, {
    bot_id: id,
    client_id: DEMO_CLIENT_ID,
    bot_secret: secret,
    organization_id: world.orgId,
  });
  if (options.accepting !== false) {
    const set = await callApi(world.emulator, "agent", "set_routing_status", issued.body.token, { status: "accepting_chats" });
    if (set.status !== 200) throw new Error(`set_routing_status failed: ${JSON.stringify(set.body)}`);
  }
  return { id, secret, token: issued.body.token };
}

/** Opens an RTM socket for the demo organization and logs it in. */
export async function connectAs(world: World, accessToken: string, organizationId = world.orgId, extra: Record<string, unknown> = {}): Promise<TestRtmClient> {
  const client = await TestRtmClient.connect(world.emulator.rtmUrl(organizationId));
  const response = await client.login(accessToken, extra);
  if (!response.success) throw new Error(`login failed: ${JSON.stringify(response.payload)}`);
  return client;
}

/** Token for a human agent through the agent client (no admin scopes). */
export function agentToken(world: World, email: string): string {
  return world.emulator.issueTokensFor(email, agentClient.clientId).access_token;
}
