// The seed format (our own control surface, so camelCase): clients (OAuth apps) and organizations
// with their groups, human agents and optional pre-made bots.
import { z } from "zod";
import { ALL_DOCUMENTED_SCOPES } from "./scopes";
import { priorityEnum } from "./validate";

const membership = z.union([z.number().int().min(0), z.strictObject({ id: z.number().int().min(0), priority: priorityEnum })]);
const routingStatus = z.enum(["accepting_chats", "not_accepting_chats", "offline"]);

export const clientSeedSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  name: z.string().default("LiveChat app"),
  redirectUris: z.array(z.url()).default([]),
  /** Default: every scope of livechat-api.md 1.11 (including `webhooks.configuration:rw`). */
  scopes: z.array(z.string()).default(ALL_DOCUMENTED_SCOPES),
  /**
   * The organization that owns the app (livechat-api.md 7.1: `owner_client_id` must belong to the
   * requester's organization). Default: the first organization of the same seed; a seed without
   * organizations leaves the client owned by none. May name an organization seeded later.
   */
  organizationId: z.uuid().optional(),
});

export const agentSeedSchema = z.strictObject({
  accountId: z.uuid().optional(),
  name: z.string().min(1),
  email: z.email(),
  role: z.enum(["owner", "viceowner", "administrator", "normal"]).default("normal"),
  /** Group ids (priority `normal`) or `{id, priority}`; default: group 0. */
  groups: z.array(membership).default([0]),
  maxChatsCount: z.number().int().min(0).max(20).default(6),
  jobTitle: z.string().default("Support Agent"),
});

export const botSeedSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  name: z.string().min(1),
  ownerClientId: z.string().min(1),
  secret: z.string().min(1).optional(),
  groups: z.array(membership).default([0]),
  maxChatsCount: z.number().int().min(0).max(500).default(6),
  defaultGroupPriority: priorityEnum.default("normal"),
  routingStatus: routingStatus.default("offline"),
  type: z.string().default("chatbot"),
});

export const organizationSeedSchema = z.strictObject({
  id: z.uuid().optional(),
  name: z.string().min(1),
  licenseId: z.number().int().positive().optional(),
  region: z.string().regex(/^[a-z-]+$/).default("dal"),
  /** Tags `tag_thread` accepts; omitted: any tag. */
  tags: z.array(z.string().min(1)).optional(),
  groups: z.array(z.strictObject({ id: z.number().int().min(0), name: z.string().min(1), languageCode: z.string().default("en") })).default([{ id: 0, name: "General", languageCode: "en" }]),
  agents: z.array(agentSeedSchema).default([]),
  bots: z.array(botSeedSchema).default([]),
});

export const seedSchema = z.strictObject({
  clients: z.array(clientSeedSchema).default([]),
  organizations: z.array(organizationSeedSchema).default([]),
});

export type SeedInput = z.input<typeof seedSchema>;
export type OrganizationSeed = z.input<typeof organizationSeedSchema>;
export type AgentSeed = z.input<typeof agentSeedSchema>;
export type BotSeed = z.input<typeof botSeedSchema>;
export type ClientSeed = z.input<typeof clientSeedSchema>;

export interface SeedResult {
  organizations: {
    id: string;
    name: string;
    licenseId: number;
    agents: { accountId: string; agentId: string; email: string; role: string }[];
    bots: { id: string; secret: string }[];
  }[];
  clients: { clientId: string; organizationId: string | null }[];
}
