// Request bodies and path parameters of the rules JSON API (`/api/orgs/[orgId]/bots/[botId]/…`).
// Rule definitions themselves are checked by lib/validation/rule.ts, which names rule and field.
import { z } from "zod";
import { isValidTimeZone } from "@/lib/rules/business-hours";
import { BotParamsSchema } from "./bot";

const IdSchema = z.string().trim().min(1).max(64);

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
  ruleIds: z.array(IdSchema).max(10_000),
});

/** A rule as the test console may receive it before it is saved (not validated here: the engine reports it). */
const DraftRuleSchema = z.strictObject({
  id: IdSchema.optional(),
  name: z.string().max(200),
  enabled: z.boolean().default(true),
  definition: z.unknown(),
});

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
  text: z.string().min(1, "Type a customer message").max(10_000, "Keep the message under 10,000 characters"),
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
      ruleFirings: z.record(z.string(), z.iso.datetime({ offset: true })).default({}),
    })
    .optional(),
  /** Evaluate these rules (in this order) instead of the saved ones; settings likewise. */
  rules: z.array(DraftRuleSchema).max(10_000).optional(),
  settings: z.unknown().optional(),
});
export type TestConsoleInput = z.infer<typeof TestConsoleInputSchema>;
