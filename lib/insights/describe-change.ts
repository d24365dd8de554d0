// An audit entry's `{ before, after }` as lines a person can read: one line per changed field,
// nested objects flattened to dotted paths ("ruleSettings.fallbackReply"), arrays and long values
// shown as compact JSON.
export interface ChangeLine {
  field: string;
  before: string | null;
  after: string | null;
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

/** The changed fields, in the order they first appear (before, then after). */
export function describeChange(changes: { before: unknown; after: unknown } | null): ChangeLine[] {
  if (!changes) return [];
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  flatten(changes.before, "", before);
  flatten(changes.after, "", after);
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields.flatMap((field) => {
    const was = show(before.get(field));
    const is = show(after.get(field));
    return was === is ? [] : [{ field, before: was, after: is }];
  });
}

/** Parses the stored `changes` column; anything unreadable counts as no recorded change. */
export function parseChanges(text: string | null): { before: unknown; after: unknown } | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? { before: value.before ?? null, after: value.after ?? null } : null;
  } catch {
    return null;
  }
}
