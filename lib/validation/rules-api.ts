// Request bodies and path parameters of the rules JSON API (`/api/orgs/[orgId]/bots/[botId]/…`).
// Rule definitions themselves are checked by lib/validation/rule.ts, which names rule and field.
import { z } from "zod";
import { isValidTimeZone } from "@/lib/rules/business-hours";
import { BotParamsSchema } from "./bot";
import {
  BotRuleSettingsSchema,
  ErrorCollector,
  fieldOf,
  MAX_RULES_PER_FILE,
  nameOf,
  parseOptions,
  RuleInputSchema,
  type BotRuleSettings,
  type ValidationResult,
} from "./rule";
import { RecordIdSchema } from "./text";

const IdSchema = RecordIdSchema;

export const RuleParamsSchema = BotParamsSchema.extend({ ruleId: IdSchema });

/** PATCH: any of the rule's fields; the merged rule is validated as a whole. */
export const RulePatchSchema = z.strictObject({
  name: z.unknown().optional(),
  enabled: z.boolean().optional(),
  definition: z.unknown().optional(),
});
export type RulePatch = z.infer<typeof RulePatchSchema>;

/** The bot's rule ids in their new order: exactly the bot's rules, each once. */
export const ReorderRulesSchema = z.strictObject({
  ruleIds: z.array(IdSchema).max(MAX_RULES_PER_FILE, { abort: true }),
});

// The test console is open to every member, so what one request may make it do is bounded: the
// message's length, the number of draft rules (each then checked like a saved rule, inside the
// console's time budget: lib/rules-service/test-console.ts), and the body (1 MiB, lib/http).

/** Longest customer message the console evaluates (UTF-16 units). */
export const MAX_TEST_MESSAGE_LENGTH = 10_000;
/** Draft rules one test may send instead of the saved ones. */
export const MAX_DRAFT_RULES = 200;

/** A draft rule: exactly what saving it would accept, plus the id it has if it is saved already. */
export const DraftRuleSchema = RuleInputSchema.extend({ id: IdSchema.optional() });
export type DraftRule = z.output<typeof DraftRuleSchema>;

/**
 * The test console's drafts, checked as saving them would check them (rules as in an import:
 * naming index, name and field; settings as `PUT …/rule-settings`).
 */
export function validateTestConsoleDrafts(input: { rules?: readonly unknown[]; settings?: unknown }): ValidationResult<{
  rules?: DraftRule[];
  settings?: BotRuleSettings;
}> {
  const errors = new ErrorCollector();
  const rules: DraftRule[] = [];
  for (const [index, rule] of (input.rules ?? []).entries()) {
    const result = DraftRuleSchema.safeParse(rule, parseOptions);
    if (result.success) rules.push(result.data);
    else for (const issue of result.error.issues) errors.add({ ruleIndex: index, ruleName: nameOf(rule), field: fieldOf(issue.path), message: issue.message });
  }
  let settings: BotRuleSettings | undefined;
  if (input.settings !== undefined) {
    const result = BotRuleSettingsSchema.safeParse(input.settings, parseOptions);
    if (result.success) settings = result.data;
    else for (const issue of result.error.issues) errors.add({ field: fieldOf(["settings", ...issue.path]), message: issue.message });
  }
  if (errors.total > 0) return { ok: false, errors: errors.result() };
  return { ok: true, value: { ...(input.rules ? { rules } : {}), ...(settings ? { settings } : {}) } };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** When the message is sent: an ISO instant, or a wall-clock date and time in a time zone. */
const TestTimeSchema = z.union([
  z.strictObject({ at: z.iso.datetime({ offset: true, message: "Use an ISO date-time such as 2026-03-02T09:30:00Z" }) }),
  z.strictObject({
    date: z.string().regex(DATE, "Use a date such as 2026-03-02"),
    time: z.string().regex(CLOCK, "Use a 24-hour time such as 09:30"),
    timeZone: z.string().refine(isValidTimeZone, "Unknown time zone; use an IANA name such as Europe/Warsaw").default("UTC"),
  }),
]);
export type TestTime = z.infer<typeof TestTimeSchema>;

export const TestConsoleInputSchema = z.strictObject({
  text: z
    .string()
    .max(MAX_TEST_MESSAGE_LENGTH, { error: "Keep the message under 10,000 characters", abort: true })
    .min(1, "Type a customer message"),
  isFirstCustomerMessage: z.boolean().default(true),
  groupId: z.number().int().nonnegative().optional(),
  /** For the {{chat.group}} variable. */
  groupName: z.string().max(200).optional(),
  time: TestTimeSchema.optional(),
  customer: z.strictObject({ name: z.string().max(200).optional(), email: z.string().max(320).optional() }).optional(),
  /** The chat so far, to try limits and the reply cap (default: a new chat). */
  chat: z
    .strictObject({
      botReplies: z.number().int().nonnegative().default(0),
      unmatchedCount: z.number().int().nonnegative().default(0),
      handedOver: z.boolean().default(false),
      ruleFirings: z.record(z.string().max(200), z.iso.datetime({ offset: true })).default({}),
    })
    .optional(),
  /**
   * Evaluate these rules (in this order) instead of the saved ones; settings likewise. Only counted
   * here: each is validated as a saved one would be, within the console's time budget.
   */
  rules: z
    .array(z.unknown())
    .max(MAX_DRAFT_RULES, {
      error: `Send at most ${MAX_DRAFT_RULES} draft rules to the test console; save the rules and test the saved ones instead`,
      abort: true,
    })
    .optional(),
  settings: z.unknown().optional(),
});
export type TestConsoleInput = z.infer<typeof TestConsoleInputSchema>;
