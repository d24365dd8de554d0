// Free text we store must be text every layer takes and every reader sees as stored: PostgreSQL
// refuses NUL, neither database (nor JSON, nor LiveChat) takes an unpaired UTF-16 surrogate, and
// bidirectional overrides and isolates (U+202A–202E, U+2066–2069) make text display differently from
// what it is ("Trojan Source"). Control characters are refused too, except line breaks and tabs in
// fields that hold several lines (replies and templates). Names must have a visible character.
import { z } from "zod";

export interface TextRules {
  /** Line breaks (\n, \r, U+2028, U+2029) and tabs allowed; default false. */
  multiline?: boolean;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

function isAllowedInMultiline(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * Why `value` cannot be stored as text, naming the character and where it is (1-based, in UTF-16
 * units as a browser counts); `undefined` when it can. One pass, no allocation.
 */
export function textProblem(value: string, rules: TextRules = {}): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const at = `at character ${i + 1}`;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `Contains a broken character (an unpaired UTF-16 surrogate, ${hex(code)}) ${at}; type or paste the text again`;
    }
    if (code === 0) return `Contains a NUL character (U+0000) ${at}; remove it`;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      if (rules.multiline && isAllowedInMultiline(code)) continue;
      const allowed = rules.multiline ? "only line breaks and tabs are allowed" : "use a single line of plain text";
      return `Contains the control character ${hex(code)} ${at}; ${allowed}`;
    }
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      const kind = code <= 0x202e ? "embedding or override" : "isolate";
      return `Contains the bidirectional ${kind} control ${hex(code)} ${at}, which makes text display differently from what it is; remove it`;
    }
  }
  return undefined;
}

// Whitespace, default-ignorable characters (zero-width spaces and joiners, word joiner, BOM, Hangul
// fillers, variation selectors…), control characters and the blank Braille pattern all look empty.
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/u;

/** True when something in `value` shows on screen. */
export function hasVisibleCharacter(value: string): boolean {
  return VISIBLE.test(value);
}

export const NO_VISIBLE_CHARACTER = "Has no visible characters (only spaces or zero-width characters); type at least one that shows";

/** Adds the storable-text check (and, for names, the visible-character check) to a string schema. */
export function storableText(schema: z.ZodString, rules: TextRules & { isName?: boolean } = {}): z.ZodString {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value, rules);
    if (problem) ctx.addIssue({ code: "custom", message: problem, continue: false });
    else if (rules.isName && value !== "" && !hasVisibleCharacter(value)) ctx.addIssue({ code: "custom", message: NO_VISIBLE_CHARACTER, continue: false });
  });
}

/**
 * One line of stored free text: trimmed, at most `max` characters (checked before anything else
 * looks at the text), storable, and for names visible.
 */
export function singleLine(options: { max: number; tooLong: string; required?: string; isName?: boolean; notText?: string }): z.ZodString {
  let schema = z.string(options.notText ? { error: options.notText } : undefined).trim().max(options.max, { error: options.tooLong, abort: true });
  if (options.required) schema = schema.min(1, { error: options.required, abort: true });
  return storableText(schema, { isName: options.isName });
}

/** Our own ids (organizations, bots, rules…) in URLs and inputs: short, and storable as text. */
export const RecordIdSchema = storableText(z.string().trim().min(1, { abort: true }).max(64, { abort: true }));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from LiveChat (a person's, an organization's or a bot's name) that we store: it is not
 * refused (a sign-in or an adoption must not fail over it) but made storable — the characters above
 * are dropped, and a broken surrogate becomes U+FFFD.
 */
export function storableFromLiveChat(value: string): string {
  if (textProblem(value) === undefined) return value;
  return value.replace(LONE_SURROGATE, "\ufffd").replace(UNSTORABLE, "");
}
