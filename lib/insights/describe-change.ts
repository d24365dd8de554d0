// An audit entry's `{ before, after }` as lines a person can read: one line per changed field,
// nested objects flattened to dotted paths ("ruleSettings.fallbackReply"), arrays and long values
// shown as compact JSON. Changes to many rules at once (imports, reorders) carry a summary instead
// of the rule sets: a line per kind ("rules added (12)") with the first names.
import { isRulesChangeSummary, summarizeRuleChanges, type NamedCount, type RulesChangeSummary, type SummaryRule } from "./rules-summary";

export interface ChangeLine {
  field: string;
  before: string | null;
  after: string | null;
}

/** What `parseChanges` reads from the stored column. */
export interface StoredChanges {
  before: unknown;
  after: unknown;
  summary?: unknown;
}

const MAX_VALUE = 200;

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value) && (prefix === "" || Object.keys(value).length > 0)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix !== "") out.set(prefix, value);
  else if (value !== undefined && value !== null) out.set("value", value);
}

/** "Refunds, Shipping and 3 more", within the length of one shown value. */
function namesText({ count, names }: NamedCount): string {
  let text = "";
  let shown = 0;
  for (const name of names) {
    const next = text ? `${text}, ${name}` : name;
    if (next.length > MAX_VALUE - 20) break;
    text = next;
    shown++;
  }
  const rest = count - shown;
  if (rest <= 0) return text;
  return text ? `${text} and ${rest.toLocaleString("en-US")} more` : `${rest.toLocaleString("en-US")} rules`;
}

const KINDS: ReadonlyArray<[keyof Omit<RulesChangeSummary, "unchanged">, string]> = [
  ["added", "added"],
  ["changed", "changed"],
  ["moved", "moved"],
  ["removed", "removed"],
];

function summaryLines(summary: RulesChangeSummary): ChangeLine[] {
  return KINDS.flatMap(([kind, word]) => {
    const group = summary[kind];
    if (!group || group.count === 0) return [];
    const text = namesText(group);
    const field = `rules ${word} (${group.count.toLocaleString("en-US")})`;
    return [kind === "removed" ? { field, before: text, after: null } : { field, before: null, after: text }];
  });
}

/** Rule lists as imports stored them before summaries (whole rules): summarized when shown. */
function legacyRules(value: unknown): SummaryRule[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const rules: SummaryRule[] = [];
  for (const rule of value) {
    if (!isPlainObject(rule) || typeof rule.name !== "string") return undefined;
    rules.push({ key: rule.name, name: rule.name, enabled: rule.enabled !== false, definition: JSON.stringify(rule.definition ?? null) });
  }
  return rules;
}

/** A legacy import entry (`rules` arrays before and after) as counts and a summary. */
function fromLegacyImport(changes: StoredChanges): StoredChanges | undefined {
  if (!isPlainObject(changes.before) || !isPlainObject(changes.after)) return undefined;
  const before = legacyRules(changes.before.rules);
  const after = legacyRules(changes.after.rules);
  if (!before || !after) return undefined;
  return {
    before: { ...changes.before, rules: before.length },
    after: { ...changes.after, rules: after.length },
    summary: summarizeRuleChanges(before, after),
  };
}

/** The changed fields, in the order they first appear (before, then after), then the summary. */
export function describeChange(stored: StoredChanges | null): ChangeLine[] {
  if (!stored) return [];
  const changes = stored.summary === undefined ? (fromLegacyImport(stored) ?? stored) : stored;
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  flatten(changes.before, "", before);
  flatten(changes.after, "", after);
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  const lines = fields.flatMap((field) => {
    const was = show(before.get(field));
    const is = show(after.get(field));
    return was === is ? [] : [{ field, before: was, after: is }];
  });
  return isRulesChangeSummary(changes.summary) ? [...lines, ...summaryLines(changes.summary)] : lines;
}

/** Parses the stored `changes` column; anything unreadable counts as no recorded change. */
export function parseChanges(text: string | null): StoredChanges | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!isPlainObject(value)) return null;
    return { before: value.before ?? null, after: value.after ?? null, ...(value.summary === undefined ? {} : { summary: value.summary }) };
  } catch {
    return null;
  }
}
