// Finding 3 of the security review, on each database (bad-text.<provider>.test.ts): text the
// database, LiveChat or a reader cannot take as given — NUL (PostgreSQL refused it with a 500), an
// unpaired surrogate (500 on both), bidi overrides and isolates, control characters, names with
// nothing visible — is refused with 422 naming the field, before anything is stored or sent to
// LiveChat. And a bot edit LiveChat accepted but the database refused is undone in LiveChat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rule-settings/route";
import * as ruleRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/[ruleId]/route";
import * as importRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/import/route";
import * as rulesRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/route";
import * as consoleRoute from "@/app/api/orgs/[orgId]/bots/[botId]/test-console/route";
import * as botRoute from "@/app/api/orgs/[orgId]/bots/[botId]/route";
import * as botsRoute from "@/app/api/orgs/[orgId]/bots/route";
import type { BotView } from "@/lib/bots/bot-view";
import * as bots from "@/lib/bots/manage-bots";
import { getDb, type Db } from "@/lib/db";
import { webEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getBot as getLiveChatBot } from "@/lib/livechat/configuration-api";
import type { RuleView } from "@/lib/rules-service/rule-view";
import { buildDemoSeed, DEMO_ACCOUNTS, DEMO_CLIENT_ID, DEMO_ORGANIZATION_ID } from "../../../emulator";
import type { TestProvider } from "../../../helpers/database";
import { snapshotDatabase } from "../../../helpers/tenant-isolation/fixtures";
import { callRoute, startWorld, type Answer, type Member, type RequestOptions, type RouteHandler, type World } from "./world";

/** The inputs of the finding, each with what the refusal must say. */
const BAD_TEXT = [
  { label: "NUL", insert: "\u0000", message: /NUL character \(U\+0000\)/ },
  { label: "an unpaired surrogate", insert: "\ud83d", message: /unpaired UTF-16 surrogate/ },
  { label: "a right-to-left override", insert: "\u202e", message: /bidirectional embedding or override control U\+202E/ },
  { label: "a first-strong isolate", insert: "\u2068", message: /bidirectional isolate control U\+2068/ },
  { label: "a control character", insert: "\u001b", message: /control character U\+001B/ },
] as const;
const NOTHING_VISIBLE = ["\u200b\u200c\u200d", "\u3164", " \u2060\ufeff "];

export function describeBadText(provider: TestProvider): void {
  describe(`bad text on ${provider}`, () => {
    let world: World;
    let owner: Member;
    let admin: Member;
    let agent: Member;
    let bot: BotView;
    let rule: RuleView;

    const call = (handler: unknown, member: Member, options: Omit<RequestOptions, "member">) =>
      callRoute(handler as RouteHandler, { ...options, member, params: { botId: bot?.id ?? "", ...options.params } });
    const liveChat = () => ({ apiUrl: world.emulator.url, token: world.emulator.issueTokensFor(DEMO_ACCOUNTS.owner.email, DEMO_CLIENT_ID).access_token });
    const liveBot = () => getLiveChatBot(liveChat(), { id: bot.livechatBotId, fields: ["job_title", "max_chats_count"] });
    const botWrites = () => world.emulator.requestLog({ organizationId: DEMO_ORGANIZATION_ID }).filter((entry) => /^(create|update)_bot$/.test(entry.action)).length;

    /** Runs `refused` calls and checks each answered 422 naming `field`, with nothing stored or sent to LiveChat. */
    async function expectAllRefused(refused: Array<{ answer: () => Promise<Answer>; field: string; message: RegExp; ruleIndex?: number }>) {
      const [before, writes] = [await snapshotDatabase(getDb()), botWrites()];
      for (const { answer, field, message, ruleIndex } of refused) {
        const { status, body } = await answer();
        expect({ status, code: body.error.code, field: body.error.field }).toEqual({ status: 422, code: "validation", field });
        expect(body.error.message).toMatch(message);
        expect(body.error.message).toContain(field);
        if (ruleIndex !== undefined) expect(body.error.details?.errors[0]).toMatchObject({ ruleIndex, field });
      }
      expect(await snapshotDatabase(getDb())).toEqual(before);
      expect(botWrites()).toBe(writes);
    }

    beforeAll(async () => {
      world = await startWorld(provider, buildDemoSeed());
      owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
      admin = await world.signIn(DEMO_ACCOUNTS.administrator.email);
      agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
      const created = await callRoute<{ bot: BotView }>(botsRoute.POST as RouteHandler, {
        method: "POST",
        member: owner,
        json: { name: "Order Helper", jobTitle: "Virtual assistant", maxChatsCount: 6 },
      });
      expect(created.status).toBe(201);
      bot = created.body.bot;
      const added = await call(rulesRoute.POST, admin, {
        method: "POST",
        json: { name: "Refunds", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Refunds take 5 days." } } },
      });
      expect(added.status).toBe(201);
      rule = (added.body as unknown as { rule: RuleView }).rule;
    });

    afterAll(async () => {
      await world?.close();
    });

    it.each(BAD_TEXT)("refuses $label in a bot's name and job title, stores nothing and sends nothing to LiveChat", async ({ insert, message }) => {
      await expectAllRefused([
        { answer: () => callRoute(botsRoute.POST as RouteHandler, { method: "POST", member: owner, json: { name: `Order${insert}Helper` } }), field: "name", message },
        { answer: () => call(botRoute.PATCH, owner, { method: "PATCH", json: { name: `Returns${insert}Helper` } }), field: "name", message },
        { answer: () => call(botRoute.PATCH, owner, { method: "PATCH", json: { jobTitle: `Night${insert}shift` } }), field: "jobTitle", message },
      ]);
    });

    it.each(BAD_TEXT)("refuses $label in a rule's name and texts, naming the field, and stores nothing", async ({ insert, message }) => {
      const definition = (parts: Record<string, unknown>) => ({ trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Refunds take 5 days." }, ...parts });
      await expectAllRefused([
        { answer: () => call(rulesRoute.POST, admin, { method: "POST", json: { name: `Re${insert}funds`, definition: definition({}) } }), field: "name", message },
        {
          answer: () => call(ruleRoute.PATCH, admin, { method: "PATCH", params: { ruleId: rule.id }, json: { definition: definition({ trigger: { type: "any_of", keywords: ["refund", `money${insert}back`] } }) } }),
          field: "definition.trigger.keywords.1",
          message,
        },
        {
          answer: () => call(rulesRoute.POST, admin, { method: "POST", json: { name: "Tagged", definition: definition({ actions: { reply: `Hi${insert}there`, tags: ["vip"] } }) } }),
          field: "definition.actions.reply",
          message,
        },
        { answer: () => call(settingsRoute.PUT, admin, { method: "PUT", json: { fallbackReply: `Sorry${insert}` } }), field: "fallbackReply", message },
        {
          answer: () => call(importRoute.POST, admin, { method: "POST", json: { version: 1, rules: [{ name: "Fine", definition: definition({}) }, { name: "Echo", definition: definition({ trigger: { type: "regex", pattern: `order${insert}\\d+` } }) }] } }),
          field: "definition.trigger.pattern",
          message,
          ruleIndex: 1,
        },
      ]);
    });

    it("refuses names with nothing visible, and tags, keywords and replies likewise", async () => {
      const refused = NOTHING_VISIBLE.flatMap((invisible) => [
        { answer: () => callRoute(botsRoute.POST as RouteHandler, { method: "POST", member: owner, json: { name: invisible } }), field: "name", message: /no visible characters/ },
        { answer: () => call(rulesRoute.POST, admin, { method: "POST", json: { name: invisible, definition: { trigger: { type: "contains", keyword: "refund" }, actions: { tags: ["x"] } } } }), field: "name", message: /no visible characters/ },
      ]);
      refused.push(
        { answer: () => call(rulesRoute.POST, admin, { method: "POST", json: { name: "Tag", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { tags: ["\u200b"] } } } }), field: "definition.actions.tags.0", message: /no visible characters/ },
        { answer: () => call(rulesRoute.POST, admin, { method: "POST", json: { name: "Keyword", definition: { trigger: { type: "contains", keyword: "\u200d\u200b" }, actions: { tags: ["x"] } } } }), field: "definition.trigger.keyword", message: /no visible characters/ },
        { answer: () => call(rulesRoute.POST, admin, { method: "POST", json: { name: "Reply", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "\u200b" } } } }), field: "definition.actions.reply", message: /no visible characters/ },
      );
      await expectAllRefused(refused);
    });

    it("refuses the same text in test console drafts from a normal agent", async () => {
      const answer = await call(consoleRoute.POST, agent, {
        method: "POST",
        json: { text: "refund", rules: [{ name: "Draft", definition: { trigger: { type: "contains", keyword: "re\u0000fund" }, actions: { reply: "x" } } }] },
      });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ field: "definition.trigger.keyword", details: { errors: [{ ruleIndex: 0, ruleName: "Draft", field: "definition.trigger.keyword" }] } });
    });

    it("answers 404, not 500, to ids with NUL or broken characters in the URL", async () => {
      for (const botId of ["bot\u0000", "bot\ud800", "\u202ebot"]) {
        const answer = await callRoute(botRoute.GET as RouteHandler, { method: "GET", member: owner, params: { botId } });
        expect({ botId, status: answer.status }).toEqual({ botId, status: 404 });
      }
      const answer = await call(ruleRoute.GET, owner, { method: "GET", params: { ruleId: "rule\u0000" } });
      expect(answer.status).toBe(404);
    });

    it("stores text in every script, emoji, zero-width joiners inside names and line breaks in replies", async () => {
      const renamed = await call(botRoute.PATCH, owner, { method: "PATCH", json: { name: "مساعد 👩‍💻 Zażółć", jobTitle: "می‌خواهم" } });
      expect(renamed.status).toBe(200);
      expect(await liveBot()).toMatchObject({ name: "مساعد 👩‍💻 Zażółć", job_title: "می‌خواهم" });
      const added = await call(rulesRoute.POST, admin, {
        method: "POST",
        json: { name: "שלום", definition: { trigger: { type: "any_of", keywords: ["שלום", "café"] }, actions: { reply: "Hello!\n\tWe are open 9–17.", tags: ["vip 🌟"] } } },
      });
      expect(added.status).toBe(201);
      const stored = await getDb().rule.findFirstOrThrow({ where: { name: "שלום", botId: bot.id! } });
      expect(JSON.parse(stored.definition)).toMatchObject({ actions: { reply: "Hello!\n\tWe are open 9–17.", tags: ["vip 🌟"] } });
    });

    describe("an edit LiveChat accepted but the database refused", () => {
      beforeAll(async () => {
        // A real refusal by the database, after LiveChat has accepted the edit.
        if (provider === "postgresql") {
          await getDb().$executeRawUnsafe(
            `CREATE FUNCTION refuse_bot_rename() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."name" = 'Refused Here' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$`,
          );
          await getDb().$executeRawUnsafe(`CREATE TRIGGER refuse_bot_rename BEFORE UPDATE ON "Bot" FOR EACH ROW EXECUTE FUNCTION refuse_bot_rename()`);
        } else {
          await getDb().$executeRawUnsafe(
            `CREATE TRIGGER refuse_bot_rename BEFORE UPDATE ON "Bot" WHEN NEW."name" = 'Refused Here' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`,
          );
        }
      });

      it("is undone in LiveChat: the old values are sent back, and nothing is stored", async () => {
        const reset = await call(botRoute.PATCH, owner, { method: "PATCH", json: { name: "Order Helper", jobTitle: "Virtual assistant", maxChatsCount: 6, avatarUrl: null } });
        expect(reset.status).toBe(200);
        const [before, liveBefore, writes] = [await snapshotDatabase(getDb()), await liveBot(), botWrites()];
        expect(liveBefore).toMatchObject({ name: "Order Helper", job_title: "Virtual assistant", max_chats_count: 6 });

        const answer = await call(botRoute.PATCH, owner, {
          method: "PATCH",
          json: { name: "Refused Here", jobTitle: "Night shift", maxChatsCount: 9, avatarUrl: "https://cdn.acme.example/refused.png" },
        });
        expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 500, code: "internal" });
        // The edit, then the undo; LiveChat has what it had, the database what it had.
        expect(botWrites()).toBe(writes + 2);
        expect(await liveBot()).toEqual(liveBefore);
        expect(await snapshotDatabase(getDb())).toEqual(before);
      });

      it("says what is left where when undoing fails too", async () => {
        const api = liveChat();
        const refusing = new Proxy(getDb(), {
          get(target, property, receiver) {
            if (property !== "$transaction") return Reflect.get(target, property, receiver) as unknown;
            return () => {
              // LiveChat accepted the edit; now it refuses the undo, and the database the edit.
              world.emulator.faults.serverErrors({ count: 1, type: "internal", surfaces: ["configuration"], actions: ["update_bot"] });
              return Promise.reject(new Error("the database refused the edit"));
            };
          },
        }) as Db;
        const ctx: bots.BotServiceContext = { db: refusing, orgId: owner.orgId, actorUserId: owner.userId, api, clientId: DEMO_CLIENT_ID, keyring: webEnv().TOKEN_ENCRYPTION_KEYS };
        const failure = await bots.updateBot(ctx, bot.id!, { name: "Half Applied" }).catch((error: unknown) => error);
        world.emulator.faults.clear();
        expect(failure).toBeInstanceOf(AppError);
        expect((failure as AppError).message).toMatch(/^The change was made in LiveChat but could not be saved here, and undoing it in LiveChat failed too \(.+\)\. The Bots page shows LiveChat's values/);
        expect(await liveBot()).toMatchObject({ name: "Half Applied" });
        // Agreeing again is one edit away.
        expect((await call(botRoute.PATCH, owner, { method: "PATCH", json: { name: "Order Helper" } })).status).toBe(200);
        expect(await liveBot()).toMatchObject({ name: "Order Helper" });
      });
    });
  });
}
