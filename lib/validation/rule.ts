// Schemas for trigger rules, per-bot rule settings and the rules import/export file. Validation goes
// past shape: regexes must compile on re2js without backtracking features, templates may only use
// known variables and must fit LiveChat's 16 KB message limit. Every check reports the field it is
// about, so the dashboard can put the message next to the input and an import can name the rule.
import { z } from "zod";
import { isValidTimeZone } from "@/lib/rules/business-hours";
import { DEFAULT_MAX_REPLIES_PER_CHAT, MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "@/lib/rules/constants";
import { normalizeText } from "@/lib/rules/normalize-text";
import { checkRegexPattern } from "@/lib/rules/regex-pattern";
import { validateTemplate } from "@/lib/rules/template";

// ── Triggers ────────────────────────────────────────────────────────────────────────────────────

const matchOptions = {
  /** Match "Refund" only as typed; default false. */
  caseSensitive: z.boolean().default(false),
  /** Tell "café" from "cafe"; default false. */
  accentSensitive: z.boolean().default(false),
};

/** Whole words by default: "order" matches "my order!" but not "border". */
const wholeWord = z.boolean().default(true);

const KeywordSchema = z
  .string()
  .trim()
  .min(1, "Add a keyword")
  .max(MAX_KEYWORD_LENGTH, `Keep keywords under ${MAX_KEYWORD_LENGTH} characters; use a regular expression for longer patterns`)
  .refine((keyword) => keyword === "" || normalizeText(keyword) !== "", "Keyword has no visible characters");

const KeywordListSchema = z
  .array(KeywordSchema)
  .min(1, "Add at least one keyword")
  .max(MAX_KEYWORDS_PER_RULE, `Use at most ${MAX_KEYWORDS_PER_RULE} keywords per rule`);

const ExactTriggerSchema = z.strictObject({ type: z.literal("exact"), keyword: KeywordSchema, ...matchOptions });
const ContainsTriggerSchema = z.strictObject({ type: z.literal("contains"), keyword: KeywordSchema, wholeWord, ...matchOptions });
const StartsWithTriggerSchema = z.strictObject({ type: z.literal("starts_with"), keyword: KeywordSchema, wholeWord, ...matchOptions });
const AnyOfTriggerSchema = z.strictObject({ type: z.literal("any_of"), keywords: KeywordListSchema, wholeWord, ...matchOptions });
const AllOfTriggerSchema = z.strictObject({ type: z.literal("all_of"), keywords: KeywordListSchema, wholeWord, ...matchOptions });
const RegexTriggerSchema = z
  .strictObject({ type: z.literal("regex"), pattern: z.string(), ...matchOptions })
  .superRefine((trigger, ctx) => {
    // zod runs this refinement even when a sibling field failed; only the pattern matters here.
    if (typeof trigger.pattern !== "string") return;
    const problem = checkRegexPattern(trigger.pattern, trigger);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["pattern"] });
  });

/**
 * What a customer message must look like for the rule to fire. Matching ignores case, accents and
 * extra whitespace unless `caseSensitive` / `accentSensitive` say otherwise.
 * - `exact`: the whole message is the keyword (surrounding punctuation and emoji are ignored).
 * - `contains`: the keyword appears (as whole words unless `wholeWord: false`).
 * - `starts_with`: the message begins with the keyword (leading punctuation ignored).
 * - `any_of` / `all_of`: at least one / every keyword appears.
 * - `regex`: an RE2 regular expression matches somewhere in the message, after whitespace is
 *   collapsed to single spaces and (unless `accentSensitive`) accents are stripped; letter case
 *   is kept and ignored through the (?i) flag unless `caseSensitive`.
 */
export const TriggerSchema = z.discriminatedUnion(
  "type",
  [ExactTriggerSchema, ContainsTriggerSchema, StartsWithTriggerSchema, AnyOfTriggerSchema, AllOfTriggerSchema, RegexTriggerSchema],
  { error: "Choose a trigger type: exact, contains, starts_with, any_of, all_of or regex" },
);

// ── Conditions ──────────────────────────────────────────────────────────────────────────────────

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const OpeningWindowSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1, "Pick at least one day"),
    from: z.string().regex(TIME, "Use a 24-hour time such as 09:00"),
    to: z.string().refine((value) => TIME.test(value) || value === "24:00", "Use a 24-hour time such as 17:30 (24:00 for midnight)"),
  })
  .refine((window) => window.from !== window.to, {
    message: "Opening and closing times are the same; use 00:00–24:00 for the whole day",
    path: ["to"],
  });

/**
 * Weekly opening hours in an IANA time zone. A window whose `to` is earlier than `from` runs past
 * midnight into the next day (Fri 22:00–06:00 covers Saturday morning).
 */
export const BusinessHoursSchema = z.strictObject({
  timeZone: z.string().refine(isValidTimeZone, "Unknown time zone; use an IANA name such as Europe/Warsaw"),
  /** Fire while `open` (inside the schedule) or while `closed` (outside it). */
  when: z.enum(["open", "closed"]).default("open"),
  schedule: z.array(OpeningWindowSchema).min(1, "Add at least one opening time"),
});

const DomainSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase().replace(/^@/, ""))
  .pipe(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "Use a domain such as example.com"));

/** Conditions that must all hold, in addition to the trigger. */
export const ConditionsSchema = z.strictObject({
  /** Only the customer's first message in the chat. */
  firstMessageOnly: z.boolean().default(false),
  /** Only chats in one of these LiveChat groups. */
  groupIds: z.array(z.number().int().nonnegative()).min(1, "Pick at least one group").optional(),
  businessHours: BusinessHoursSchema.optional(),
  customer: z
    .strictObject({
      /** The customer's email domain is (or is not) one of these; subdomains count. */
      emailDomain: z
        .strictObject({ op: z.enum(["is", "is_not"]).default("is"), domains: z.array(DomainSchema).min(1, "Add at least one domain") })
        .optional(),
    })
    .optional(),
});

// ── Actions and limits ──────────────────────────────────────────────────────────────────────────

/** A reply template: literal text plus `{{variable|fallback}}` placeholders. */
export const ReplyTemplateSchema = z.string().superRefine((template, ctx) => {
  for (const message of validateTemplate(template)) ctx.addIssue({ code: "custom", message });
});

const TagSchema = z.string().trim().min(1, "Tag is empty").max(50, "Keep tags under 50 characters");

/** What the bot does when the rule fires; at least one action. */
export const ActionsSchema = z
  .strictObject({
    reply: ReplyTemplateSchema.optional(),
    /** Hand the chat over to this LiveChat group; the bot stays silent in the chat afterwards. */
    transferToGroupId: z.number().int().nonnegative().optional(),
    tags: z
      .array(TagSchema)
      .max(20, "Use at most 20 tags")
      .default([])
      .transform((tags) => [...new Set(tags)]),
  })
  .refine((actions) => actions.reply !== undefined || actions.transferToGroupId !== undefined || actions.tags.length > 0, {
    message: "Add at least one action: a reply, a handover to a group or a tag",
  });

/** How often the rule may fire in one chat. */
export const LimitsSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("none") }),
      z.strictObject({ kind: z.literal("once_per_chat") }),
      z.strictObject({
        kind: z.literal("cooldown"),
        seconds: z.number().int().min(1, "Cooldown must be at least 1 second").max(604_800, "Cooldown can be at most 7 days"),
      }),
    ],
    { error: "Choose a limit: none, once_per_chat or cooldown" },
  )
  .default({ kind: "none" });

// ── Rules, settings, import/export ──────────────────────────────────────────────────────────────

/** Everything a rule does, stored as one JSON value. */
export const RuleDefinitionSchema = z.strictObject({
  trigger: TriggerSchema,
  conditions: ConditionsSchema.default({ firstMessageOnly: false }),
  actions: ActionsSchema,
  limits: LimitsSchema,
});

/** A rule as created or edited in the dashboard (position is decided by the list, not the input). */
export const RuleInputSchema = z.strictObject({
  name: z.string().trim().min(1, "Name is required").max(100, "Keep the name under 100 characters"),
  enabled: z.boolean().default(true),
  definition: RuleDefinitionSchema,
});

/** Per-bot behaviour around the rules. */
export const BotRuleSettingsSchema = z.strictObject({
  /** Reply when no rule matches (a template, like rule replies). */
  fallbackReply: ReplyTemplateSchema.optional(),
  /** Hand the chat to a group after this many consecutive customer messages no rule matched. */
  handoverAfterUnmatched: z
    .strictObject({
      count: z.number().int().min(1, "Count must be at least 1").max(100, "Count can be at most 100"),
      groupId: z.number().int().nonnegative(),
    })
    .optional(),
  /** Cap on bot replies per chat, so two bots can never ping-pong. */
  maxRepliesPerChat: z
    .number()
    .int()
    .min(1, "Allow at least 1 reply per chat")
    .max(100, "Allow at most 100 replies per chat")
    .default(DEFAULT_MAX_REPLIES_PER_CHAT),
});

export const RULES_EXPORT_VERSION = 1;

/** A versioned rules file: rules in order (their array order is their position). */
export const RulesExportSchema = z.strictObject({
  version: z.literal(RULES_EXPORT_VERSION),
  exportedAt: z.string().optional(),
  bot: z.strictObject({ name: z.string() }).optional(),
  settings: BotRuleSettingsSchema.default({ maxRepliesPerChat: DEFAULT_MAX_REPLIES_PER_CHAT }),
  rules: z.array(RuleInputSchema).max(10_000, "A rules file can hold at most 10,000 rules"),
});

export type Trigger = z.output<typeof TriggerSchema>;
export type Conditions = z.output<typeof ConditionsSchema>;
export type BusinessHours = z.output<typeof BusinessHoursSchema>;
export type Actions = z.output<typeof ActionsSchema>;
export type Limits = z.output<typeof LimitsSchema>;
export type RuleDefinition = z.output<typeof RuleDefinitionSchema>;
export type RuleInput = z.output<typeof RuleInputSchema>;
export type BotRuleSettings = z.output<typeof BotRuleSettingsSchema>;
export type RulesExport = z.output<typeof RulesExportSchema>;

// ── Validation with field-level errors ──────────────────────────────────────────────────────────

/** One problem, located well enough for a form or an import report. */
export interface RuleValidationError {
  /** Index of the rule in an import file. */
  ruleIndex?: number;
  ruleName?: string;
  /** Dot path inside the rule (or the file, outside rules), e.g. "definition.trigger.pattern". */
  field: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: RuleValidationError[] };

// zod's default for a missing field reads "expected string, received undefined".
const parseOptions = {
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code === "invalid_type" && issue.input === undefined ? "This field is required" : undefined,
};

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Validate a rule from the dashboard; errors name the field ("definition.actions.reply"). */
export function validateRuleInput(input: unknown): ValidationResult<RuleInput> {
  const result = RuleInputSchema.safeParse(input, parseOptions);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })) };
}

function nameAt(json: unknown, index: number): string | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const rules = (json as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return undefined;
  const rule: unknown = rules[index];
  const name = typeof rule === "object" && rule !== null ? (rule as { name?: unknown }).name : undefined;
  return typeof name === "string" ? name : undefined;
}

/**
 * Validate a whole rules file. Every rule is checked and every problem reported with the rule's
 * index and name; the import is all-or-nothing, so callers save nothing unless `ok`.
 */
export function validateRulesImport(json: unknown): ValidationResult<RulesExport> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, errors: [{ field: "", message: "This is not a rules file: expected a JSON object with version, settings and rules" }] };
  }
  const version = (json as { version?: unknown }).version;
  if (version === undefined) {
    return { ok: false, errors: [{ field: "version", message: `The file has no "version"; is it a rules export? This app reads version ${RULES_EXPORT_VERSION}.` }] };
  }
  if (version !== RULES_EXPORT_VERSION) {
    return {
      ok: false,
      errors: [{ field: "version", message: `Unsupported rules file version ${JSON.stringify(version)}; this app reads version ${RULES_EXPORT_VERSION}.` }],
    };
  }
  const result = RulesExportSchema.safeParse(json, parseOptions);
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((issue): RuleValidationError => {
    const [head, index, ...rest] = issue.path;
    if (head === "rules" && typeof index === "number") {
      return { ruleIndex: index, ruleName: nameAt(json, index), field: fieldOf(rest), message: issue.message };
    }
    return { field: fieldOf(issue.path), message: issue.message };
  });
  return { ok: false, errors };
}
