// The rule form's state (strings and flags, easy to edit) and its translation to the API's rule
// input, validated with the same schema the server uses so errors appear while typing.
import { validateRuleInput, WEEKDAYS, type RuleValidationError } from "@/lib/validation/rule";

export type TriggerType = "exact" | "contains" | "starts_with" | "any_of" | "all_of" | "regex";
export type LimitKind = "none" | "once_per_chat" | "cooldown";
export type Weekday = (typeof WEEKDAYS)[number];

export interface WindowValues {
  days: Weekday[];
  from: string;
  to: string;
}

export interface RuleFormValues {
  name: string;
  enabled: boolean;
  triggerType: TriggerType;
  /** Keyword, or keywords one per line, or the pattern. */
  keyword: string;
  keywords: string;
  pattern: string;
  wholeWord: boolean;
  caseSensitive: boolean;
  accentSensitive: boolean;
  firstMessageOnly: boolean;
  groupIds: number[];
  hasBusinessHours: boolean;
  timeZone: string;
  when: "open" | "closed";
  windows: WindowValues[];
  hasEmailDomain: boolean;
  emailOp: "is" | "is_not";
  domains: string;
  reply: string;
  transferToGroupId: string;
  tags: string;
  limit: LimitKind;
  cooldownSeconds: string;
}

export const TRIGGER_LABELS: Record<TriggerType, string> = {
  contains: "Contains",
  exact: "Is exactly",
  starts_with: "Starts with",
  any_of: "Contains any of",
  all_of: "Contains all of",
  regex: "Matches a regular expression",
};

export const DAY_LABELS: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function emptyRuleValues(): RuleFormValues {
  return {
    name: "",
    enabled: true,
    triggerType: "contains",
    keyword: "",
    keywords: "",
    pattern: "",
    wholeWord: true,
    caseSensitive: false,
    accentSensitive: false,
    firstMessageOnly: false,
    groupIds: [],
    hasBusinessHours: false,
    timeZone: browserTimeZone(),
    when: "open",
    windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }],
    hasEmailDomain: false,
    emailOp: "is",
    domains: "",
    reply: "",
    transferToGroupId: "",
    tags: "",
    limit: "none",
    cooldownSeconds: "300",
  };
}

type Loose = Record<string, unknown>;
const obj = (value: unknown): Loose => (typeof value === "object" && value !== null ? (value as Loose) : {});
const str = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : fallback);
const bool = (value: unknown, fallback: boolean): boolean => (typeof value === "boolean" ? value : fallback);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** Form values from a stored rule (tolerant: a rule saved under older validation still opens). */
export function valuesFromRule(rule: { name: string; enabled: boolean; definition: unknown }): RuleFormValues {
  const base = emptyRuleValues();
  const definition = obj(rule.definition);
  const trigger = obj(definition.trigger);
  const conditions = obj(definition.conditions);
  const hours = obj(conditions.businessHours);
  const email = obj(obj(conditions.customer).emailDomain);
  const actions = obj(definition.actions);
  const limits = obj(definition.limits);
  const type = str(trigger.type, "contains") as TriggerType;
  const windows = Array.isArray(hours.schedule)
    ? hours.schedule.map((window) => ({ days: strings(obj(window).days) as Weekday[], from: str(obj(window).from), to: str(obj(window).to) }))
    : base.windows;
  return {
    ...base,
    name: rule.name,
    enabled: rule.enabled,
    triggerType: type in TRIGGER_LABELS ? type : "contains",
    keyword: str(trigger.keyword),
    keywords: strings(trigger.keywords).join("\n"),
    pattern: str(trigger.pattern),
    wholeWord: bool(trigger.wholeWord, true),
    caseSensitive: bool(trigger.caseSensitive, false),
    accentSensitive: bool(trigger.accentSensitive, false),
    firstMessageOnly: bool(conditions.firstMessageOnly, false),
    groupIds: Array.isArray(conditions.groupIds) ? conditions.groupIds.filter((id): id is number => typeof id === "number") : [],
    hasBusinessHours: conditions.businessHours !== undefined,
    timeZone: str(hours.timeZone, base.timeZone),
    when: hours.when === "closed" ? "closed" : "open",
    windows: windows.length > 0 ? windows : base.windows,
    hasEmailDomain: obj(conditions.customer).emailDomain !== undefined,
    emailOp: email.op === "is_not" ? "is_not" : "is",
    domains: strings(email.domains).join(", "),
    reply: str(actions.reply),
    transferToGroupId: typeof actions.transferToGroupId === "number" ? String(actions.transferToGroupId) : "",
    tags: strings(actions.tags).join(", "),
    limit: limits.kind === "once_per_chat" || limits.kind === "cooldown" ? limits.kind : "none",
    cooldownSeconds: typeof limits.seconds === "number" ? String(limits.seconds) : base.cooldownSeconds,
  };
}

const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== "");

const numberOrText = (text: string): number | string => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

/** The rule input the API takes. Numbers typed as text stay text when they aren't numbers, so validation names them. */
export function toRuleInput(values: RuleFormValues) {
  const options = { caseSensitive: values.caseSensitive, accentSensitive: values.accentSensitive };
  const trigger =
    values.triggerType === "regex"
      ? { type: "regex", pattern: values.pattern, ...options }
      : values.triggerType === "any_of" || values.triggerType === "all_of"
        ? { type: values.triggerType, keywords: list(values.keywords, /\n/), wholeWord: values.wholeWord, ...options }
        : values.triggerType === "exact"
          ? { type: "exact", keyword: values.keyword, ...options }
          : { type: values.triggerType, keyword: values.keyword, wholeWord: values.wholeWord, ...options };
  const conditions = {
    firstMessageOnly: values.firstMessageOnly,
    ...(values.groupIds.length > 0 ? { groupIds: values.groupIds } : {}),
    ...(values.hasBusinessHours ? { businessHours: { timeZone: values.timeZone.trim(), when: values.when, schedule: values.windows } } : {}),
    ...(values.hasEmailDomain ? { customer: { emailDomain: { op: values.emailOp, domains: list(values.domains, /[,\s]+/) } } } : {}),
  };
  const actions = {
    ...(values.reply !== "" ? { reply: values.reply } : {}),
    ...(values.transferToGroupId !== "" ? { transferToGroupId: numberOrText(values.transferToGroupId) } : {}),
    tags: list(values.tags, /,/),
  };
  const limits = values.limit === "cooldown" ? { kind: "cooldown", seconds: numberOrText(values.cooldownSeconds) } : { kind: values.limit };
  return { name: values.name, enabled: values.enabled, definition: { trigger, conditions, actions, limits } };
}

/** Form fields, for placing messages. */
export type FieldKey = "name" | "trigger" | "conditions" | "businessHours" | "emailDomain" | "groups" | "reply" | "transfer" | "tags" | "actions" | "limits";

/** Which form field an error of the shared schema belongs to. */
export function fieldOf(path: string): FieldKey {
  if (path === "name") return "name";
  if (path.startsWith("definition.trigger")) return "trigger";
  if (path.startsWith("definition.conditions.businessHours")) return "businessHours";
  if (path.startsWith("definition.conditions.customer")) return "emailDomain";
  if (path.startsWith("definition.conditions.groupIds")) return "groups";
  if (path.startsWith("definition.conditions")) return "conditions";
  if (path.startsWith("definition.actions.reply")) return "reply";
  if (path.startsWith("definition.actions.transferToGroupId")) return "transfer";
  if (path.startsWith("definition.actions.tags")) return "tags";
  if (path.startsWith("definition.actions")) return "actions";
  if (path.startsWith("definition.limits")) return "limits";
  return "name";
}

export type FieldErrors = Partial<Record<FieldKey, string[]>>;

export function groupErrors(errors: readonly RuleValidationError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) (out[fieldOf(error.field)] ??= []).push(error.message);
  return out;
}

/** Validate with the server's schema; errors grouped by form field. */
export function checkRuleValues(values: RuleFormValues): { input: ReturnType<typeof toRuleInput>; errors: FieldErrors; isValid: boolean } {
  const input = toRuleInput(values);
  const result = validateRuleInput(input);
  return { input, errors: result.ok ? {} : groupErrors(result.errors), isValid: result.ok };
}
