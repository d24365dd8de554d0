// The emulator's state file (`stateFile`, `--state-file`): what a restart keeps, as zod schemas.
// Kept: organizations (groups, tags), human agents, clients, bots (secrets, routing statuses),
// customers, chats (threads, events), access/refresh/bot tokens with their absolute expiry times,
// registered webhooks (secret keys) and the clock (offset and last timestamp). Not kept: sockets,
// logs, billing counters, faults, timings, pending webhook retries and authorization codes.
//
// The shapes are the model's (model.ts), with Maps and Sets as arrays. Any change to the model that
// the file must follow breaks the `Exact` checks at the bottom at compile time; an incompatible
// change of the file format raises `STATE_FILE_VERSION`.
import { z } from "zod";
import type { AccessToken, Agent, Bot, BotToken, Chat, ChatUser, Client, Customer, Organization, RefreshToken, Thread } from "./model";
import { ADDITIONAL_DATA, FILTER_SCHEMAS, webhookKind } from "./webhook-catalogue";
import type { WebhookRegistration } from "./webhook-registry";

export const STATE_FILE_FORMAT = "botdesk-livechat-emulator-state";
export const STATE_FILE_VERSION = 1;

const id = z.string().min(1);
const count = z.number().int().min(0);
const ms = z.number().finite();
const priority = z.enum(["first", "normal", "last", "supervisor"]);
const routingStatus = z.enum(["accepting_chats", "not_accepting_chats", "offline"]);
const visibility = z.enum(["all", "agents"]);
const membership = z.strictObject({ id: count, priority });

const organizationSchema = z.strictObject({
  id,
  name: z.string(),
  licenseId: z.number().int(),
  region: id,
  createdAt: z.string(),
  groups: z.array(z.strictObject({ id: count, name: z.string(), languageCode: z.string() })),
  tags: z.array(z.string()).nullable(),
});

const agentSchema = z.strictObject({
  accountId: id,
  organizationId: id,
  id,
  name: z.string(),
  email: z.string(),
  role: z.enum(["owner", "viceowner", "administrator", "normal"]),
  groups: z.array(membership),
  maxChatsCount: count,
  jobTitle: z.string(),
  avatar: z.string().nullable(),
  routingStatus,
  createdAt: z.string(),
});

const clientSchema = z.strictObject({
  clientId: id,
  organizationId: id.nullable(),
  clientSecret: id,
  name: z.string(),
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
});

const botSchema = z.strictObject({
  id,
  organizationId: id,
  ownerClientId: id,
  name: z.string(),
  avatar: z.string().nullable(),
  maxChatsCount: count,
  defaultGroupPriority: priority,
  jobTitle: z.string().nullable(),
  groups: z.array(membership),
  type: z.string(),
  // `work_scheduler` as the API took it (free-form, livechat-api.md 2.2); null when none.
  workScheduler: z.json(),
  timezone: z.string().nullable(),
  secret: id,
  routingStatus,
  createdAt: z.string(),
});

const customerSchema = z.strictObject({
  id,
  organizationId: id,
  name: z.string(),
  email: z.string().nullable(),
  createdAt: z.string(),
});

const chatUserSchema = z.strictObject({
  id,
  type: z.enum(["agent", "customer"]),
  visibility,
  present: z.boolean(),
  eventsSeenUpTo: z.string().nullable(),
});

/** Events are stored in wire format; fields beyond these depend on the event type. */
const eventSchema = z.looseObject({
  id,
  type: id,
  created_at: z.string(),
  visibility,
  author_id: z.string().optional(),
  custom_id: z.string().optional(),
});

const threadSchema = z.strictObject({
  id,
  chatId: id,
  active: z.boolean(),
  createdAt: z.string(),
  createdAtMs: ms,
  userIds: z.array(id),
  events: z.array(eventSchema),
  accessGroupIds: z.array(count),
  tags: z.array(z.string()),
  queue: z.strictObject({ queuedAtMs: ms, queuedAt: z.string() }).nullable(),
  followers: z.array(id),
  previousThreadId: id.nullable(),
  nextThreadId: id.nullable(),
  nextEventSeq: z.number().int().min(1),
});

const chatSchema = z.strictObject({
  id,
  organizationId: id,
  customerId: id,
  users: z.array(chatUserSchema),
  threads: z.array(threadSchema),
  accessGroupIds: z.array(count),
  properties: z.record(z.string(), z.record(z.string(), z.json())),
});

const accessTokenSchema = z.strictObject({
  token: id,
  accountId: id,
  organizationId: id,
  clientId: id,
  scopes: z.array(z.string()),
  issuedAtMs: ms,
  expiresAtMs: ms,
  refreshToken: id.nullable(),
});

const refreshTokenSchema = z.strictObject({
  token: id,
  accountId: id,
  organizationId: id,
  clientId: id,
  scopes: z.array(z.string()),
  issuedAtMs: ms,
});

const botTokenSchema = z.strictObject({
  token: id,
  botId: id,
  organizationId: id,
  clientId: id,
  expiresAtMs: ms,
});

const webhookSchema = z
  .strictObject({
    id,
    ownerClientId: id,
    action: id,
    type: z.enum(["bot", "license"]),
    url: z.string().min(1),
    secretKey: id,
    description: z.string().optional(),
    // Checked against the action's filter schema below (the same one `register_webhook` uses).
    filters: z.record(z.string(), z.unknown()).optional(),
    additionalData: z.array(z.enum(ADDITIONAL_DATA)).optional(),
    registeredBy: id,
    createdAt: z.string(),
  })
  .superRefine((webhook, issue) => {
    const kind = webhookKind(webhook.action);
    if (!kind) return issue.addIssue({ code: "custom", path: ["action"], message: `unknown webhook action ${webhook.action}` });
    if (webhook.filters !== undefined && !FILTER_SCHEMAS[kind].safeParse(webhook.filters).success) {
      issue.addIssue({ code: "custom", path: ["filters"], message: `not valid filters for ${webhook.action}` });
    }
  });

export const stateFileSchema = z
  .strictObject({
    format: z.literal(STATE_FILE_FORMAT),
    version: z.literal(STATE_FILE_VERSION),
    clock: z.strictObject({ offsetMs: ms, lastMicros: z.number().min(0) }),
    organizations: z.array(organizationSchema),
    agents: z.array(agentSchema),
    clients: z.array(clientSchema),
    bots: z.array(botSchema),
    customers: z.array(customerSchema),
    chats: z.array(chatSchema),
    tokens: z.strictObject({ access: z.array(accessTokenSchema), refresh: z.array(refreshTokenSchema), bot: z.array(botTokenSchema) }),
    webhooks: z.array(webhookSchema),
  })
  .superRefine((file, issue) => {
    // A file that parses but contradicts itself is as unusable as a corrupt one: never load half.
    const unique = (path: string, keys: string[]) => {
      const seen = new Set<string>();
      for (const [index, key] of keys.entries()) {
        if (seen.has(key)) issue.addIssue({ code: "custom", path: [path, index], message: `duplicate id ${key}` });
        seen.add(key);
      }
    };
    unique("organizations", file.organizations.map((organization) => organization.id));
    unique("agents", file.agents.map((agent) => agent.accountId));
    unique("clients", file.clients.map((client) => client.clientId));
    unique("bots", file.bots.map((bot) => bot.id));
    unique("customers", file.customers.map((customer) => customer.id));
    unique("chats", file.chats.map((chat) => chat.id));
    unique("webhooks", file.webhooks.map((webhook) => webhook.id));
    const organizations = new Set(file.organizations.map((organization) => organization.id));
    const customers = new Set(file.customers.map((customer) => customer.id));
    const inOrganization = (path: string, records: { organizationId: string }[]) => {
      for (const [index, record] of records.entries()) {
        if (!organizations.has(record.organizationId)) {
          issue.addIssue({ code: "custom", path: [path, index, "organizationId"], message: `unknown organization ${record.organizationId}` });
        }
      }
    };
    inOrganization("agents", file.agents);
    inOrganization("bots", file.bots);
    inOrganization("customers", file.customers);
    inOrganization("chats", file.chats);
    for (const [index, chat] of file.chats.entries()) {
      if (!customers.has(chat.customerId)) issue.addIssue({ code: "custom", path: ["chats", index, "customerId"], message: `unknown customer ${chat.customerId}` });
      for (const [threadIndex, thread] of chat.threads.entries()) {
        if (thread.chatId !== chat.id) issue.addIssue({ code: "custom", path: ["chats", index, "threads", threadIndex, "chatId"], message: "not the chat's id" });
      }
    }
  });

export type StateFile = z.infer<typeof stateFileSchema>;
export type StateFileInput = z.input<typeof stateFileSchema>;

// Compile-time guards: the file's records and the model's must have exactly the same fields.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Stored<S extends z.ZodType> = z.infer<S>;
export type StateFileShapeChecks = [
  Assert<Exact<Stored<typeof agentSchema>, Agent>>,
  Assert<Exact<Stored<typeof clientSchema>, Client>>,
  Assert<Exact<keyof Stored<typeof botSchema>, keyof Bot>>,
  Assert<Exact<Stored<typeof customerSchema>, Customer>>,
  Assert<Exact<Stored<typeof chatUserSchema>, ChatUser>>,
  Assert<Exact<Stored<typeof accessTokenSchema>, AccessToken>>,
  Assert<Exact<Stored<typeof refreshTokenSchema>, RefreshToken>>,
  Assert<Exact<Stored<typeof botTokenSchema>, BotToken>>,
  Assert<Exact<keyof Stored<typeof organizationSchema>, keyof Organization>>,
  Assert<Exact<keyof Stored<typeof threadSchema>, keyof Thread>>,
  Assert<Exact<keyof Stored<typeof chatSchema>, keyof Chat>>,
  Assert<Exact<keyof Stored<typeof webhookSchema>, keyof WebhookRegistration>>,
];
