// The isolation test calls every route handler and server action it finds with organization A's
// members naming organization B. What it cannot guess is recorded here, one entry per entry point:
// - `crossRecord`: A's own organization id with B's record ids (bot, rule…): must answer 404;
// - `input`/`body`: a well-formed request, so refusals are not just bad input;
// - `allowed`: a request A's owner may make, proving the guard lets the right people through.
// New route handlers and actions add an entry here when they take ids beyond the organization's.
import type { OrgFixture, TenantFixtures } from "./fixtures";

export interface RouteCase {
  /** Path parameters under A's organization that point at B's records. */
  crossRecord?: (f: TenantFixtures) => Record<string, string>;
  /** Path parameters other than `orgId` for calls about `org` (default: a made-up id). */
  params?: (org: OrgFixture) => Record<string, string>;
  /** JSON body for state-changing methods (default `{}`). */
  body?: (org: OrgFixture) => unknown;
  /** A call A's owner may make, and the status it gets. */
  allowed?: { params?: (f: TenantFixtures) => Record<string, string>; body?: (f: TenantFixtures) => unknown; status: number };
}

export interface ActionCase {
  /** A well-formed input about `org` (default `{ orgId }`). */
  input?: (org: OrgFixture) => unknown;
  /** An input under A's organization that points at B's records. */
  crossRecord?: (f: TenantFixtures) => unknown;
  /** An input A's owner may use; the call must succeed. */
  allowed?: (f: TenantFixtures) => unknown;
}

/** Routes that are deliberately outside the organization guard, and why. */
export const PUBLIC_ROUTES: Record<string, string> = {
  "/api/auth/[...nextauth]": "next-auth's own endpoints, protected by its CSRF token and the OAuth state and PKCE checks",
  "/api/health": "liveness probe for the hosting platform; reads no organization's data",
  "/api/metrics": "Prometheus scrape behind METRICS_TOKEN (a bearer token from the environment); process-wide counters, no organization's data",
  "/api/livechat/webhooks":
    "LiveChat's webhook deliveries (livechat-api.md 7.2): no session exists; each delivery must carry the installation's secret_key, and the receiver only stores it for the worker",
};

/**
 * State-changing entry points every member may use (guarded with `access: "view"`), and why. All
 * others answer 403 to normal agents; an entry point opting out without a reason here fails.
 */
export const OPEN_TO_EVERY_MEMBER: Record<string, string> = {
  "app/(app)/actions.ts#switchOrganization": "changes only the signed-in user's own session, never the organization",
  "POST /api/orgs/[orgId]/bots/[botId]/test-console": "runs the rule engine on a message and answers the result; stores nothing",
};

const ownBot = (org: OrgFixture) => ({ botId: org.botId });
const othersBot = (f: TenantFixtures) => ({ botId: f.b.botId });

export const ROUTE_CASES: Record<string, RouteCase> = {
  "GET /api/orgs/[orgId]/team": { allowed: { status: 200 } },
  // The bots API. LiveChat is out of reach in the isolation test: reads still answer from what is stored.
  "GET /api/orgs/[orgId]/bots": { allowed: { status: 200 } },
  "POST /api/orgs/[orgId]/bots": { body: () => ({ name: "Isolation check" }) },
  "POST /api/orgs/[orgId]/bots/adopt": { body: () => ({ livechatBotId: "b-livechat-bot" }) },
  "GET /api/orgs/[orgId]/bots/[botId]": {
    params: ownBot,
    crossRecord: othersBot,
    allowed: { params: (f) => ownBot(f.a), status: 200 },
  },
  "PATCH /api/orgs/[orgId]/bots/[botId]": { params: ownBot, crossRecord: othersBot, body: () => ({ name: "Renamed" }) },
  "DELETE /api/orgs/[orgId]/bots/[botId]": { params: ownBot, crossRecord: othersBot },
  "PUT /api/orgs/[orgId]/bots/[botId]/routing-status": { params: ownBot, crossRecord: othersBot, body: () => ({ status: "offline" }) },
  "POST /api/orgs/[orgId]/bots/[botId]/reset-secret": { params: ownBot, crossRecord: othersBot },
  // Read-only insights; an activity entry of B named under A is covered in tests/integration/insights.
  "GET /api/orgs/[orgId]/activity": { allowed: { status: 200 } },
  "GET /api/orgs/[orgId]/stats/rules": { allowed: { status: 200 } },
  "GET /api/orgs/[orgId]/audit": { allowed: { status: 200 } },
  "GET /api/orgs/[orgId]/overview": { allowed: { status: 200 } },
  "GET /api/orgs/[orgId]/worker": { allowed: { status: 200 } },
};

// The rules API (issue 5): rule ids are checked under the bot, the bot under the organization.
const ownRule = (org: OrgFixture) => ({ botId: org.botId, ruleId: org.ruleId });
const othersRule = (f: TenantFixtures) => ({ botId: f.a.botId, ruleId: f.b.ruleId });
const validRule = { name: "Isolation check", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Hello" } } };
const RULES = "/api/orgs/[orgId]/bots/[botId]/rules";
Object.assign(ROUTE_CASES, {
  [`GET ${RULES}`]: { params: ownBot, crossRecord: othersBot, allowed: { params: (f) => ownBot(f.a), status: 200 } },
  [`POST ${RULES}`]: { params: ownBot, crossRecord: othersBot, body: () => validRule },
  [`GET ${RULES}/[ruleId]`]: { params: ownRule, crossRecord: othersRule, allowed: { params: (f) => ownRule(f.a), status: 200 } },
  [`PATCH ${RULES}/[ruleId]`]: { params: ownRule, crossRecord: othersRule, body: () => validRule },
  [`DELETE ${RULES}/[ruleId]`]: { params: ownRule, crossRecord: othersRule },
  [`POST ${RULES}/[ruleId]/duplicate`]: { params: ownRule, crossRecord: othersRule },
  [`PUT ${RULES}/reorder`]: { params: ownBot, crossRecord: othersBot, body: (org) => ({ ruleIds: [org.ruleId] }) },
  [`POST ${RULES}/import`]: { params: ownBot, crossRecord: othersBot, body: () => ({ version: 1, rules: [validRule] }) },
  [`GET ${RULES}/export`]: { params: ownBot, crossRecord: othersBot, allowed: { params: (f) => ownBot(f.a), status: 200 } },
  "GET /api/orgs/[orgId]/bots/[botId]/rule-settings": { params: ownBot, crossRecord: othersBot, allowed: { params: (f) => ownBot(f.a), status: 200 } },
  "PUT /api/orgs/[orgId]/bots/[botId]/rule-settings": { params: ownBot, crossRecord: othersBot, body: () => ({ maxRepliesPerChat: 3 }) },
  "POST /api/orgs/[orgId]/bots/[botId]/test-console": {
    params: ownBot,
    crossRecord: othersBot,
    body: () => ({ text: "refund please" }),
    allowed: { params: (f) => ownBot(f.a), body: () => ({ text: "refund please" }), status: 200 },
  },
} satisfies Record<string, RouteCase>);

export const ACTION_CASES: Record<string, ActionCase> = {
  "app/(app)/actions.ts#switchOrganization": { allowed: (f) => ({ orgId: f.a.orgId }) },
  "app/(app)/orgs/[orgId]/team/actions.ts#takeOverConnection": {
    input: (org) => ({ orgId: org.orgId, expectedCredentialId: org.connectionCredentialId }),
    crossRecord: (f) => ({ orgId: f.a.orgId, expectedCredentialId: f.b.connectionCredentialId }),
  },
  // B's agent named under A: not a member of A, 404. Allowed: A's owner removes A's agent — the
  // last call the isolation test makes with these fixtures.
  "app/(app)/orgs/[orgId]/team/actions.ts#removeMember": {
    input: (org) => ({ orgId: org.orgId, userId: org.agent.userId }),
    crossRecord: (f) => ({ orgId: f.a.orgId, userId: f.b.agent.userId }),
    allowed: (f) => ({ orgId: f.a.orgId, userId: f.a.agent.userId }),
  },
};
