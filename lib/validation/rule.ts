// Schemas for trigger rules, per-bot rule settings and the rules import/export file. Validation goes
// past shape: regexes must compile on re2js without backtracking features, templates may only use
// known variables and must fit LiveChat's 16 KB message limit. Every check reports the field it is
// about, so the dashboard can put the message next to the input and an import can name the rule.
// Every text is length-checked before anything parses it (templates, keyword lists, patterns), free
// text must be storable (lib/validation/text.ts), and every list has a maximum length.
import { z } from "zod";
import { isValidTimeZone } from "@/lib/rules/business-hours";
import { DEFAULT_MAX_REPLIES_PER_CHAT, MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE, MAX_PATTERN_LENGTH } from "@/lib/rules/constants";
import { normalizeText } from "@/lib/rules/normalize-text";
import { checkRegexPattern } from "@/lib/rules/regex-pattern";
import { MAX_TEMPLATE_LENGTH, validateTemplate } from "@/lib/rules/template";
import { hasVisibleCharacter, singleLine, storableText, textProblem } from "./text";

// ── Triggers ────────────────────────────────────────────────────────────────────────────────────

/** LiveChat groups a condition may name. */
export const MAX_GROUPS = 200;
/** Email domains a condition may list. */
export const MAX_DOMAINS = 100;
/** Opening times of one business-hours condition. */
export const MAX_OPENING_WINDOWS = 50;
/** Rules in one rules file (import). */
export const MAX_RULES_PER_FILE = 10_000;

const matchOptions = {
  /** Match "Refund" only as typed; default false. */
  caseSensitive: z.boolean().default(false),
  /** Tell "café" from "cafe"; default false. */
  accentSensitive: z.boolean().default(false),
};

/** Whole words by default: "order" matches "my order!" but not "border". */
const wholeWord = z.boolean().default(true);

const KeywordSchema = storableText(
  z
    .string()
    .trim()
    .max(MAX_KEYWORD_LENGTH, {
      error: `Keep keywords under ${MAX_KEYWORD_LENGTH} characters; use a regular expression for longer patterns`,
      abort: true,
    })
    .min(1, { error: "Add a keyword", abort: true }),
).refine((keyword) => normalizeText(keyword) !== "", "Keyword has no visible characters");

// zod checks an array's length before its elements (tests/unit/validation pins this), so a list of
// 100,000 keywords is one error, not 100,000.
const KeywordListSchema = z
  .array(KeywordSchema)
  .max(MAX_KEYWORDS_PER_RULE, { error: `Use at most ${MAX_KEYWORDS_PER_RULE} keywords per rule`, abort: true })
  .min(1, "Add at least one keyword");

const PatternSchema = storableText(
  z.string().max(MAX_PATTERN_LENGTH, { error: `Regular expression is longer than ${MAX_PATTERN_LENGTH} characters`, abort: true }),
);

const ExactTriggerSchema = z.strictObject({ type: z.literal("exact"), keyword: KeywordSchema, ...matchOptions });
const ContainsTriggerSchema = z.strictObject({ type: z.literal("contains"), keyword: KeywordSchema, wholeWord, ...matchOptions });
const StartsWithTriggerSchema = z.strictObject({ type: z.literal("starts_with"), keyword: KeywordSchema, wholeWord, ...matchOptions });
const AnyOfTriggerSchema = z.strictObject({ type: z.literal("any_of"), keywords: KeywordListSchema, wholeWord, ...matchOptions });
const AllOfTriggerSchema = z.strictObject({ type: z.literal("all_of"), keywords: KeywordListSchema, wholeWord, ...matchOptions });
const RegexTriggerSchema = z
  .strictObject({ type: z.literal("regex"), pattern: PatternSchema, ...matchOptions })
  .superRefine((trigger, ctx) => {
    // zod runs this refinement even when a sibling field failed; only the pattern matters here,
    // and only one the field's own checks (length, characters) let through is compiled.
    if (typeof trigger.pattern !== "string" || trigger.pattern.length > MAX_PATTERN_LENGTH || textProblem(trigger.pattern)) return;
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
    days: z.array(z.enum(WEEKDAYS)).max(7, { error: "Pick each day at most once", abort: true }).min(1, "Pick at least one day"),
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
  timeZone: z.string().max(100, { abort: true }).refine(isValidTimeZone, "Unknown time zone; use an IANA name such as Europe/Warsaw"),
  /** Fire while `open` (inside the schedule) or while `closed` (outside it). */
  when: z.enum(["open", "closed"]).default("open"),
  schedule: z
    .array(OpeningWindowSchema)
    .max(MAX_OPENING_WINDOWS, { error: `Use at most ${MAX_OPENING_WINDOWS} opening times`, abort: true })
    .min(1, "Add at least one opening time"),
});

const DomainSchema = z
  .string()
  .max(253, { error: "A domain has at most 253 characters", abort: true })
  .transform((value) => value.trim().toLowerCase().replace(/^@/, ""))
  .pipe(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "Use a domain such as example.com"));

/** Conditions that must all hold, in addition to the trigger. */
export const ConditionsSchema = z.strictObject({
  /** Only the customer's first message in the chat. */
  firstMessageOnly: z.boolean().default(false),
  /** Only chats in one of these LiveChat groups. */
  groupIds: z
    .array(z.number().int().nonnegative())
    .max(MAX_GROUPS, { error: `Pick at most ${MAX_GROUPS} groups`, abort: true })
    .min(1, "Pick at least one group")
    .optional(),
  businessHours: BusinessHoursSchema.optional(),
  customer: z
    .strictObject({
      /** The customer's email domain is (or is not) one of these; subdomains count. */
      emailDomain: z
        .strictObject({
          op: z.enum(["is", "is_not"]).default("is"),
          domains: z
            .array(DomainSchema)
            .max(MAX_DOMAINS, { error: `Use at most ${MAX_DOMAINS} domains`, abort: true })
            .min(1, "Add at least one domain"),
        })
        .optional(),
    })
    .optional(),
});

// ── Actions and limits ──────────────────────────────────────────────────────────────────────────

/**
 * A reply template: literal text plus `{{variable|fallback}}` placeholders, several lines allowed.
 * Its length is checked before it is parsed, and parsing reports a bounded number of problems.
 */
export const ReplyTemplateSchema = storableText(
  z.string().max(MAX_TEMPLATE_LENGTH, {
    error: `Reply is longer than ${MAX_TEMPLATE_LENGTH.toLocaleString("en-US")} characters as written; shorten the text`,
    abort: true,
  }),
  { multiline: true },
).superRefine((template, ctx) => {
  // "Reply is empty" (validateTemplate) catches spaces; zero-width characters alone show nothing either.
  if (template.trim() !== "" && !hasVisibleCharacter(template)) ctx.addIssue({ code: "custom", message: "Reply has no visible characters" });
  else for (const message of validateTemplate(template)) ctx.addIssue({ code: "custom", message });
});

const TagSchema = singleLine({ max: 50, tooLong: "Keep tags under 50 characters", required: "Tag is empty", isName: true });

/** What the bot does when the rule fires; at least one action. */
export const ActionsSchema = z
  .strictObject({
    reply: ReplyTemplateSchema.optional(),
    /** Hand the chat over to this LiveChat group; the bot stays silent in the chat afterwards. */
    transferToGroupId: z.number().int().nonnegative().optional(),
    tags: z
      .array(TagSchema)
      .max(20, { error: "Use at most 20 tags", abort: true })
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
  name: singleLine({ max: 100, tooLong: "Keep the name under 100 characters", required: "Name is required", isName: true }),
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
  // Informational, never stored.
  exportedAt: z.string().max(100).optional(),
  bot: z.strictObject({ name: z.string().max(200) }).optional(),
  settings: BotRuleSettingsSchema.default({ maxRepliesPerChat: DEFAULT_MAX_REPLIES_PER_CHAT }),
  rules: z.array(RuleInputSchema).max(MAX_RULES_PER_FILE, { error: "A rules file can hold at most 10,000 rules", abort: true }),
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

/** Problems kept one by one; the others are only counted (an answer lists at most this many). */
export const MAX_REPORTED_ERRORS = 20;

/**
 * The first MAX_REPORTED_ERRORS problems. `total` (not enumerable, so the list compares and
 * serializes as a plain array) counts every problem found.
 */
export type RuleValidationErrors = RuleValidationError[] & { readonly total?: number };

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: RuleValidationErrors };

/** Collects problems, keeping the first MAX_REPORTED_ERRORS and counting the rest. */
export class ErrorCollector {
  readonly kept: RuleValidationError[] = [];
  total = 0;

  add(error: RuleValidationError): void {
    this.total += 1;
    if (this.kept.length < MAX_REPORTED_ERRORS) this.kept.push(error);
  }

  result(): RuleValidationErrors {
    return Object.defineProperty(this.kept, "total", { value: this.total, enumerable: false });
  }
}

// zod's default for a missing field reads "expected string, received undefined".
export const parseOptions = {
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code === "invalid_type" && issue.input === undefined ? "This field is required" : undefined,
};

export function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Validate a rule from the dashboard; errors name the field ("definition.actions.reply"). */
export function validateRuleInput(input: unknown): ValidationResult<RuleInput> {
  const result = RuleInputSchema.safeParse(input, parseOptions);
  if (result.success) return { ok: true, value: result.data };
  const errors = new ErrorCollector();
  for (const issue of result.error.issues) errors.add({ field: fieldOf(issue.path), message: issue.message });
  return { ok: false, errors: errors.result() };
}

/** The name of a rule that may not be valid, for messages about it. */
export function nameOf(rule: unknown): string | undefined {
  const name = typeof rule === "object" && rule !== null ? (rule as { name?: unknown }).name : undefined;
  // A name is repeated in every message about its rule: only a short, storable one.
  return typeof name === "string" && name.length <= 100 && textProblem(name) === undefined ? name : undefined;
}

/** Everything in a rules file but its rules, which are checked one at a time. */
const RulesFileEnvelopeSchema = RulesExportSchema.extend({
  rules: z.array(z.unknown()).max(MAX_RULES_PER_FILE, { error: "A rules file can hold at most 10,000 rules", abort: true }),
});

/** How long checking one rules file may take, in ms; checking stops after the rule running then. */
export const RULES_FILE_CHECK_BUDGET_MS = 10_000;

export interface RulesImportOptions {
  /** Defaults to RULES_FILE_CHECK_BUDGET_MS. */
  budgetMs?: number;
  /** Clock in ms (tests); defaults to performance.now. */
  now?: () => number;
}

/**
 * Validate a whole rules file. Every rule is checked and every problem reported with the rule's
 * index and name (the first MAX_REPORTED_ERRORS in full, the rest counted); the import is
 * all-or-nothing, so callers save nothing unless `ok`. Checking a file of thousands of complex
 * regular expressions takes long: past `budgetMs` it stops, and says where.
 */
export function validateRulesImport(json: unknown, options: RulesImportOptions = {}): ValidationResult<RulesExport> {
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
  const errors = new ErrorCollector();
  const envelope = RulesFileEnvelopeSchema.safeParse(json, parseOptions);
  if (!envelope.success) for (const issue of envelope.error.issues) errors.add({ field: fieldOf(issue.path), message: issue.message });
  // The rules are checked even when the rest of the file is not valid, so every problem is listed.
  const given = (json as { rules?: unknown }).rules;
  const rawRules = Array.isArray(given) && given.length <= MAX_RULES_PER_FILE ? given : [];
  const now = options.now ?? (() => performance.now());
  const budgetMs = options.budgetMs ?? RULES_FILE_CHECK_BUDGET_MS;
  const deadline = now() + budgetMs;
  const rules: RuleInput[] = [];
  for (const [index, rule] of rawRules.entries()) {
    if (index > 0 && now() > deadline) {
      errors.add({
        field: "rules",
        message: `Checking the file took longer than ${(budgetMs / 1000).toLocaleString("en-US")} s and stopped at rule ${index + 1} of ${rawRules.length.toLocaleString("en-US")}; import fewer rules at a time or simplify their regular expressions`,
      });
      break;
    }
    const result = RuleInputSchema.safeParse(rule, parseOptions);
    if (result.success) rules.push(result.data);
    else for (const issue of result.error.issues) errors.add({ ruleIndex: index, ruleName: nameOf(rule), field: fieldOf(issue.path), message: issue.message });
  }
  if (errors.total > 0 || !envelope.success) return { ok: false, errors: errors.result() };
  return { ok: true, value: { ...envelope.data, rules } };
}
