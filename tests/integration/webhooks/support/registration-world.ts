// Registration against the LiveChat emulator over real HTTP: Acme owns the app (its Client ID),
// Globex is another organization using it. People sign in through the same code the OAuth callback
// runs, and the receiver route is served at LIVECHAT_WEBHOOK_URL, so the emulator's deliveries
// really arrive.
import crypto from "node:crypto";
import type { Db } from "../../../../lib/db";
import { recordSignIn } from "../../../../lib/data/sign-in";
import { webEnv } from "../../../../lib/env";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "../../../../lib/livechat/scopes";
import { forgetSecrets } from "../../../../lib/webhooks/secret-cache";
import { WEBHOOK_PATH } from "../../../../lib/webhooks/webhook-config";
import { POST } from "../../../../app/api/livechat/webhooks/route";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator, type Emulator, type SeedInput } from "../../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../../helpers/default-db";
import { signInInput } from "../../auth/support";
import { serveRoute, type ServedRoute } from "./serve-route";

export const ACME = "7a0e8c1d-2b3f-4a5c-8d6e-9f0a1b2c3d4e";
export const GLOBEX = "8b1f9d2e-3c4a-4b6d-9e7f-0a1b2c3d4e5f";
export const PEOPLE = {
  owner: "olivia@acme.example",
  admin: "adam@acme.example",
  agent: "nora@acme.example",
  globexAdmin: "gina@globex.example",
} as const;

const seed: SeedInput = {
  clients: [{ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, organizationId: ACME }],
  organizations: [
    {
      id: ACME,
      name: "Acme",
      agents: [
        { name: "Olivia", email: PEOPLE.owner, role: "owner" },
        { name: "Adam", email: PEOPLE.admin, role: "administrator" },
        { name: "Nora", email: PEOPLE.agent, role: "normal" },
      ],
      bots: [{ name: "Acme bot", ownerClientId: DEMO_CLIENT_ID, routingStatus: "accepting_chats" }],
    },
    { id: GLOBEX, name: "Globex", agents: [{ name: "Gina", email: PEOPLE.globexAdmin, role: "administrator" }] },
  ],
};

export interface Member {
  orgId: string;
  userId: string;
}

export interface RegistrationWorld {
  emulator: Emulator;
  database: TestDatabase;
  db: Db;
  receiver: ServedRoute;
  signIn(email: string, scopes?: string): Promise<Member>;
  /** Requests our app made to the emulator's Configuration API since the world started. */
  configurationRequests(): string[];
  close(): Promise<void>;
}

/**
 * process.env is read once per test file (lib/env.ts caches it), so a file starts one world, with
 * LIVECHAT_WEBHOOK_URL as given: `receiver` (the served route) or `off`.
 */
export async function startRegistrationWorld(provider: TestProvider, options: { webhookUrl: "receiver" | "off" }): Promise<RegistrationWorld> {
  const emulator = await startEmulator({ seed });
  const database = await createTestDatabase(provider);
  makeDefaultDb(database);
  const receiver = await serveRoute(WEBHOOK_PATH, (request) => POST(request));
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    NEXTAUTH_URL: "http://127.0.0.1:3999",
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    LIVECHAT_CLIENT_ID: DEMO_CLIENT_ID,
    LIVECHAT_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    LIVECHAT_ACCOUNTS_URL: emulator.url,
    LIVECHAT_API_URL: emulator.url,
    LIVECHAT_WEBHOOK_URL: options.webhookUrl === "off" ? "off" : receiver.url,
    TOKEN_ENCRYPTION_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
    LOG_LEVEL: "error",
  });
  forgetSecrets();
  const keyring = webEnv().TOKEN_ENCRYPTION_KEYS;
  const firstSeq = emulator.requestLog().at(-1)?.seq ?? 0;
  return {
    emulator,
    database,
    db: database.db,
    receiver,
    async signIn(email, scopes = BOT_MANAGEMENT_SCOPE_PARAM) {
      const signedIn = await recordSignIn(database.db, await signInInput(emulator, email, { scopes, keyring }));
      return { orgId: signedIn.orgId, userId: signedIn.userId };
    },
    configurationRequests() {
      return emulator.requestLog({ surface: "configuration", sinceSeq: firstSeq }).map((entry) => entry.action);
    },
    async close() {
      await receiver.close();
      await emulator.close();
      await database.drop();
    },
  };
}
