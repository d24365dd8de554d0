// Reply templates: "Hi {{customer.first_name|there}}, …". A small fixed set of variables, so a
// typo is caught when the rule is saved instead of greeting a customer with an empty string.
import { MAX_REPLY_BYTES } from "./constants";
import { truncateUtf8, utf8ByteLength } from "./utf8";

/** Variables a reply may use; values come from the chat the message belongs to. */
export const TEMPLATE_VARIABLES = [
  "customer.name",
  "customer.first_name",
  "customer.email",
  "bot.name",
  "chat.group",
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Values available to a template; missing or blank values use the placeholder's fallback. */
export interface TemplateContext {
  customer?: { name?: string; email?: string };
  bot?: { name?: string };
  chat?: { group?: string };
}

/** One piece of a parsed template: literal text, or a variable with an optional fallback. */
export type TemplatePart = string | { variable: string; fallback: string | undefined };

/** A template parsed once (at compile time) and rendered per message. */
export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Problems that make the template unsaveable; empty when valid. */
  errors: string[];
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/**
 * Longest template accepted, as written (UTF-16 units, placeholders included), checked before it
 * is parsed: twice LiveChat's 16 KB, so any reply that fits LiveChat fits with room for placeholders.
 */
export const MAX_TEMPLATE_LENGTH = 2 * MAX_REPLY_BYTES;

/** Unknown variables described one by one; the rest are counted in one more message. */
export const MAX_UNKNOWN_VARIABLE_ERRORS = 5;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function unknownVariableMessage(name: string): string {
  const available = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ");
  if (name === "") return `Empty template variable {{}} — available: ${available}`;
  // A typo is short: a long "name" (most of a template, between stray braces) is cut in the
  // message instead of repeated whole, and not compared.
  if (name.length > 64) return `Unknown template variable {{${name.slice(0, 20)}…}} — available: ${available}.`;
  const closest = TEMPLATE_VARIABLES.map((v) => ({ v, d: editDistance(name, v) })).sort((x, y) => x.d - y.d)[0];
  const hint = closest && closest.d <= 3 ? ` Did you mean {{${closest.v}}}?` : "";
  return `Unknown template variable {{${name}}} — available: ${available}.${hint}`;
}

/** Split a template into literal text and variables, collecting every problem found. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  let unknownCount = 0;
  let last = 0;
  let literal = "";
  for (const match of template.matchAll(PLACEHOLDER)) {
    literal += template.slice(last, match.index);
    last = match.index + match[0].length;
    const inner = match[1] ?? "";
    const bar = inner.indexOf("|");
    const variable = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar < 0 ? undefined : inner.slice(bar + 1).trim();
    if (!KNOWN.has(variable) && ++unknownCount <= MAX_UNKNOWN_VARIABLE_ERRORS) errors.push(unknownVariableMessage(variable));
    if (literal) parts.push(literal);
    literal = "";
    parts.push({ variable, fallback });
  }
  literal += template.slice(last);
  if (literal) parts.push(literal);
  if (unknownCount > MAX_UNKNOWN_VARIABLE_ERRORS) {
    const more = unknownCount - MAX_UNKNOWN_VARIABLE_ERRORS;
    errors.push(`…and ${more.toLocaleString("en-US")} more unknown template variable${more === 1 ? "" : "s"}`);
  }

  const literalText = parts.filter((p): p is string => typeof p === "string").join("");
  if (literalText.includes("{{")) {
    errors.push("Template has a {{ without a matching }} — close the variable or remove the braces");
  }
  if (template.trim() === "") errors.push("Reply is empty");
  if (worstCaseStaticBytes(parts) > MAX_REPLY_BYTES) {
    errors.push(`Reply is longer than LiveChat accepts (16 KB); shorten the text`);
  }
  return { parts, errors };
}

/** Bytes of the literal text plus every fallback: what a reply costs before any variable value. */
function worstCaseStaticBytes(parts: TemplatePart[]): number {
  let bytes = 0;
  for (const part of parts) bytes += utf8ByteLength(typeof part === "string" ? part : (part.fallback ?? ""));
  return bytes;
}

/** Problems that should stop a template from being saved (empty list when valid). */
export function validateTemplate(template: string): string[] {
  return parseTemplate(template).errors;
}

// Customer-provided values go into a chat message: one line, no control characters.
function clean(value: string | undefined): string {
  if (!value) return "";
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

function lookup(variable: string, context: TemplateContext): string {
  switch (variable) {
    case "customer.name":
      return clean(context.customer?.name);
    case "customer.first_name":
      return clean(context.customer?.name).split(" ")[0] ?? "";
    case "customer.email":
      return clean(context.customer?.email);
    case "bot.name":
      return clean(context.bot?.name);
    case "chat.group":
      return clean(context.chat?.group);
    default:
      return "";
  }
}

const ELLIPSIS = "…";

/**
 * Shrink variable values so the whole reply fits `budget` bytes: every value gets an equal share,
 * and what short values don't use goes to the longer ones. Truncated values end with "…".
 */
function fitValues(values: string[], budget: number): string[] {
  const sizes = values.map(utf8ByteLength);
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[a]! - sizes[b]!);
  const out = values.slice();
  let remaining = Math.max(0, budget);
  order.forEach((index, rank) => {
    const share = Math.floor(remaining / (order.length - rank));
    const size = sizes[index]!;
    if (size <= share) {
      remaining -= size;
      return;
    }
    const room = share - utf8ByteLength(ELLIPSIS);
    out[index] = room > 0 ? truncateUtf8(values[index]!, room) + ELLIPSIS : truncateUtf8(values[index]!, share);
    remaining -= utf8ByteLength(out[index]!);
  });
  return out;
}

/**
 * Render a reply. Unknown variables render as their fallback (validation rejects them earlier).
 * The result is at most 16 KB of UTF-8: variable values are shortened first, and as a last resort
 * (a template that skipped validation) the whole text is cut.
 */
export function renderTemplate(template: string | ParsedTemplate, context: TemplateContext): string {
  const { parts } = typeof template === "string" ? parseTemplate(template) : template;
  const fixed: string[] = [];
  const values: string[] = [];
  const slots: number[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      fixed.push(part);
      continue;
    }
    const value = lookup(part.variable, context);
    if (value === "") fixed.push(part.fallback ?? "");
    else {
      slots.push(fixed.length);
      fixed.push("");
      values.push(value);
    }
  }
  const fixedBytes = fixed.reduce((sum, text) => sum + utf8ByteLength(text), 0);
  const valueBytes = values.reduce((sum, text) => sum + utf8ByteLength(text), 0);
  const fitted = fixedBytes + valueBytes <= MAX_REPLY_BYTES ? values : fitValues(values, MAX_REPLY_BYTES - fixedBytes);
  slots.forEach((slot, i) => {
    fixed[slot] = fitted[i]!;
  });
  const text = fixed.join("");
  return fixedBytes > MAX_REPLY_BYTES ? truncateUtf8(text, MAX_REPLY_BYTES) : text;
}
