// A bot's trigger rules as Botdesk stores them, always filtered by organization and bot in the
// same query. Positions are 0..n-1 in evaluation order; functions that move rules keep them so.
// Callers run these inside one transaction when a change spans several statements.
import { randomBytes } from "node:crypto";
import { Prisma } from "../db";
import type { DatabaseProvider } from "../env";
import { AppError } from "../errors";
import type { LintWarning, RuleWarnings } from "../rules/lint-rules";
import type { RuleInput } from "../validation/rule";
import type { DbClient as Db } from "./db-client";

interface BotScope {
  orgId: string;
  botId: string;
}

const RULE_NOT_FOUND = "Rule not found";

/** SQLite takes at most 999 bound parameters per statement (Prisma P2029); a reorder row uses 3. */
const REORDER_ROWS_PER_STATEMENT = 300;

export async function listRulesByBotId(db: Db, { orgId, botId }: BotScope) {
  return db.rule.findMany({ where: { orgId, botId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export async function getRuleById(db: Db, { orgId, botId, ruleId }: BotScope & { ruleId: string }) {
  const rule = await db.rule.findFirst({ where: { id: ruleId, orgId, botId } });
  if (!rule) throw new AppError("not_found", RULE_NOT_FOUND);
  return rule;
}

function fields(input: RuleInput) {
  return { name: input.name, enabled: input.enabled, definition: JSON.stringify(input.definition) };
}

/** What tells whether a bot's rules changed since they were read: every write moves `updatedAt`. */
export async function listRuleStampsByBotId(db: Db, { orgId, botId }: BotScope) {
  return db.rule.findMany({
    where: { orgId, botId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, position: true, name: true, enabled: true, updatedAt: true },
  });
}

/**
 * An id shaped like Prisma's cuid() ("c" and 24 lowercase letters and digits: a timestamp and about
 * 82 random bits). New rules get theirs before they are saved, so their lint warnings can be
 * computed (keyed by id) before the transaction; bulk inserts don't go through Prisma's default.
 */
export function newRuleId(): string {
  let random = "";
  for (const byte of randomBytes(16)) random += (byte % 36).toString(36);
  return `c${Date.now().toString(36).padStart(8, "0").slice(-8)}${random}`;
}

/** Adds the rule after the bot's last one. */
export async function createRule(db: Db, { orgId, botId, id, input }: BotScope & { id: string; input: RuleInput }) {
  const last = await db.rule.findFirst({ where: { orgId, botId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.rule.create({ data: { id, orgId, botId, position: (last?.position ?? -1) + 1, ...fields(input) } });
}

/** Inserts the rule right after `position`, moving the later rules down by one. */
export async function insertRuleAfter(db: Db, { orgId, botId, id, position, input }: BotScope & { id: string; position: number; input: RuleInput }) {
  await db.rule.updateMany({ where: { orgId, botId, position: { gt: position } }, data: { position: { increment: 1 } } });
  return db.rule.create({ data: { id, orgId, botId, position: position + 1, ...fields(input) } });
}

export async function updateRule(db: Db, { orgId, botId, ruleId, input }: BotScope & { ruleId: string; input: RuleInput }) {
  const { count } = await db.rule.updateMany({ where: { id: ruleId, orgId, botId }, data: fields(input) });
  if (count === 0) throw new AppError("not_found", RULE_NOT_FOUND);
}

/** Deletes the rule and closes the gap it leaves in the positions. */
export async function deleteRule(db: Db, { orgId, botId, ruleId }: BotScope & { ruleId: string }) {
  const rule = await db.rule.findFirst({ where: { id: ruleId, orgId, botId }, select: { position: true } });
  const { count } = await db.rule.deleteMany({ where: { id: ruleId, orgId, botId } });
  if (!rule || count === 0) throw new AppError("not_found", RULE_NOT_FOUND);
  await db.rule.updateMany({ where: { orgId, botId, position: { gt: rule.position } }, data: { position: { decrement: 1 } } });
}

/**
 * Gives rules new positions: `moves` maps rule id → position. Batched `UPDATE … CASE` statements
 * (a few hundred rows each), so 10,000 rules move in a few dozen statements, not 10,000.
 */
export async function setRulePositions(db: Db, { orgId, botId, moves, now }: BotScope & { moves: ReadonlyArray<{ id: string; position: number }>; now: Date }) {
  for (let start = 0; start < moves.length; start += REORDER_ROWS_PER_STATEMENT) {
    const slice = moves.slice(start, start + REORDER_ROWS_PER_STATEMENT);
    // CAST: PostgreSQL would otherwise type the CASE parameters as text.
    const cases = Prisma.join(
      slice.map(({ id, position }) => Prisma.sql`WHEN ${id} THEN CAST(${position} AS INTEGER)`),
      " ",
    );
    const ids = Prisma.join(slice.map(({ id }) => id));
    const count = await db.$executeRaw`UPDATE "Rule" SET "position" = CASE "id" ${cases} END, "updatedAt" = ${now}
      WHERE "orgId" = ${orgId} AND "botId" = ${botId} AND "id" IN (${ids})`;
    if (count !== slice.length) throw new AppError("conflict", "The rules changed while they were being reordered. Reload and try again.");
  }
}

/** Rows per bulk INSERT: one JSON parameter each, a few hundred kilobytes. */
const INSERT_ROWS_PER_STATEMENT = 1_000;

/**
 * Replaces all of the bot's rules with `rules` (ids from newRuleId), in that order; answers the
 * new rows in order. The rows go in as one JSON parameter per thousand rules, expanded by the
 * database (json_each on SQLite, json_to_recordset on PostgreSQL): Prisma's createMany binds nine
 * parameters per row and took 3–5 s for 10,000 rules, holding the write lock all along.
 *
 * No pause between the statements, although on SQLite they run synchronously and keep this
 * process busy for the whole transaction: Prisma runs queries made outside a transaction on the
 * same SQLite connection, so another request served meanwhile would read (or write into) this
 * uncommitted transaction.
 */
export async function replaceRules(
  db: Db,
  { orgId, botId, provider, rules }: BotScope & { provider: DatabaseProvider; rules: ReadonlyArray<{ id: string; input: RuleInput }> },
) {
  await db.rule.deleteMany({ where: { orgId, botId } });
  const now = new Date();
  const rows = rules.map(({ id, input }, position) => ({ id, orgId, botId, position, ...fields(input), createdAt: now, updatedAt: now }));
  for (let start = 0; start < rows.length; start += INSERT_ROWS_PER_STATEMENT) {
    const json = JSON.stringify(rows.slice(start, start + INSERT_ROWS_PER_STATEMENT).map(({ id, position, name, enabled, definition }) => ({ id, position, name, enabled, definition })));
    if (provider === "sqlite") {
      await db.$executeRaw`INSERT INTO "Rule" ("id", "orgId", "botId", "position", "name", "enabled", "definition", "createdAt", "updatedAt")
        SELECT json_extract(value, '$.id'), ${orgId}, ${botId}, json_extract(value, '$.position'), json_extract(value, '$.name'),
          json_extract(value, '$.enabled'), json_extract(value, '$.definition'), ${now}, ${now}
        FROM json_each(${json})`;
    } else {
      await db.$executeRaw`INSERT INTO "Rule" ("id", "orgId", "botId", "position", "name", "enabled", "definition", "createdAt", "updatedAt")
        SELECT r.id, ${orgId}, ${botId}, r.position, r.name, r.enabled, r.definition, CAST(${now} AS TIMESTAMP(3)), CAST(${now} AS TIMESTAMP(3))
        FROM json_to_recordset(CAST(${json} AS JSON)) AS r(id TEXT, position INTEGER, name TEXT, enabled BOOLEAN, definition TEXT)`;
    }
  }
  return rows;
}

/**
 * The stored `Bot.ruleWarnings` column. Anything unreadable counts as no warnings: warnings are
 * advice, and the next change to the rules writes them again.
 */
export function parseRuleWarnings(text: string): RuleWarnings {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const warnings: RuleWarnings = {};
  for (const [ruleId, list] of Object.entries(value)) {
    if (Array.isArray(list)) warnings[ruleId] = list.filter((w): w is LintWarning => typeof w === "object" && w !== null && typeof (w as LintWarning).code === "string");
  }
  return warnings;
}

/** Number of rules with at least one warning. */
export function countRulesWithWarnings(warnings: RuleWarnings): number {
  return Object.values(warnings).filter((list) => list.length > 0).length;
}

/** Stores the lint warnings of the bot's current rules (JSON `{ ruleId: warnings[] }`). */
export async function setRuleWarningsText(db: Db, { orgId, botId, text }: BotScope & { text: string }) {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: { ruleWarnings: text } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}

/** The bot's stored lint warnings (JSON text; see parseRuleWarnings). */
export async function getRuleWarningsText(db: Db, { orgId, botId }: BotScope): Promise<string> {
  const bot = await db.bot.findFirst({ where: { id: botId, orgId }, select: { ruleWarnings: true } });
  if (!bot) throw new AppError("not_found", "Bot not found");
  return bot.ruleWarnings;
}

/** Throws not found unless the bot belongs to the organization. */
export async function requireBot(db: Db, { orgId, botId }: BotScope): Promise<void> {
  const bot = await db.bot.findFirst({ where: { id: botId, orgId }, select: { id: true } });
  if (!bot) throw new AppError("not_found", "Bot not found");
}

/** The bot's rule settings as stored (JSON text; parsed and defaulted by the caller). */
export async function getRuleSettingsText(db: Db, { orgId, botId }: BotScope): Promise<string> {
  const bot = await db.bot.findFirst({ where: { id: botId, orgId }, select: { ruleSettings: true } });
  if (!bot) throw new AppError("not_found", "Bot not found");
  return bot.ruleSettings;
}

export async function setRuleSettingsText(db: Db, { orgId, botId, text }: BotScope & { text: string }) {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: { ruleSettings: text } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}

/**
 * Checks the bot belongs to the organization and holds its row until the transaction ends, so two
 * rule changes to one bot (positions, imports) run one after the other on PostgreSQL too.
 */
export async function lockBotForRuleChange(db: Db, { orgId, botId }: BotScope): Promise<void> {
  const { count } = await db.bot.updateMany({ where: { id: botId, orgId }, data: { updatedAt: new Date() } });
  if (count === 0) throw new AppError("not_found", "Bot not found");
}
