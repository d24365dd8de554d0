// The demo organization: fixed ids so the dashboard, worker and tests can refer to them.
import type { SeedInput } from "./seed-schema";

export const DEMO_CLIENT_ID = "5e9a1c7b3d2f4a6e8c0b1d3f5a7c9e2b";
export const DEMO_CLIENT_SECRET = "demo_secret_4c8e2a9f6b1d3e7a5c0f8b2d6e4a9c1f";
export const DEMO_REDIRECT_URI = "http://localhost:3000/api/auth/callback";

export const DEMO_ORGANIZATION_ID = "6f1d2c3b-8a4e-4b5f-9c6d-7e8f9a0b1c2d";
export const DEMO_LICENSE_ID = 10472931;

export const DEMO_ACCOUNTS = {
  owner: { accountId: "0a7c3e21-5b4d-4f6a-8c9e-1d2b3f4a5c6e", email: "olivia@acme.example", name: "Olivia Owner" },
  administrator: { accountId: "1b8d4f32-6c5e-4a7b-9d0f-2e3c4a5b6d7f", email: "adam@acme.example", name: "Adam Admin" },
  agent: { accountId: "2c9e5a43-7d6f-4b8c-8e1a-3f4d5b6c7e8a", email: "nora@acme.example", name: "Nora Agent" },
} as const;

/** The demo seed, with another redirect URI whitelist if the dashboard runs elsewhere. */
export function buildDemoSeed(redirectUris: string[] = [DEMO_REDIRECT_URI]) {
  return {
    clients: [
      // No `scopes`: the client is configured with every scope of livechat-api.md 1.11 (webhooks
      // included). The demo organization owns the app, so it may register its webhooks (7.1).
      { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, name: "Botdesk (demo)", redirectUris, organizationId: DEMO_ORGANIZATION_ID },
    ],
    organizations: [
      {
        id: DEMO_ORGANIZATION_ID,
        name: "Acme Support",
        licenseId: DEMO_LICENSE_ID,
        region: "dal",
        groups: [
          { id: 0, name: "General", languageCode: "en" },
          { id: 1, name: "Sales", languageCode: "en" },
        ],
        agents: [
          { ...DEMO_ACCOUNTS.owner, role: "owner" as const, groups: [0, 1], jobTitle: "Head of Support" },
          { ...DEMO_ACCOUNTS.administrator, role: "administrator" as const, groups: [0, 1], jobTitle: "Support Lead" },
          { ...DEMO_ACCOUNTS.agent, role: "normal" as const, groups: [0], jobTitle: "Support Agent" },
        ],
      },
    ],
  } satisfies SeedInput;
}

export const demoSeed = buildDemoSeed();
