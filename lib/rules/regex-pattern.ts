// Regular expressions run on re2js, which matches in time linear in the message length. Features
// that need backtracking (backreferences, lookaround, atomic groups, possessive quantifiers) can't
// be expressed there; we name them when a rule is saved instead of showing re2's terse parser error.
import { RE2JS, RE2JSException } from "re2js";
import { MAX_PATTERN_LENGTH } from "./constants";

/** How a rule's regular expression is compiled: case-insensitive and accent-insensitive by default. */
export interface PatternOptions {
  caseSensitive?: boolean;
  accentSensitive?: boolean;
}

const BACKTRACKING = "which LiveChat bots don't support because it needs backtracking and can take exponential time";

/** First unsupported construct in `pattern`, scanning outside character classes. */
function findUnsupportedConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) {
        return `Regular expression uses a backreference (\\${next}), which LiveChat bots don't support because it can take exponential time; rewrite without it.`;
      }
      if (!inClass && next === "k" && /[<{']/.test(pattern[i + 2] ?? "")) {
        return `Regular expression uses a named backreference (\\k<…>), which LiveChat bots don't support because it can take exponential time; rewrite without it.`;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // "]" right after "[" or "[^" is a literal, not the end of the class.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
      continue;
    }
    const rest = pattern.slice(i, i + 4);
    if (rest.startsWith("(?=")) return `Regular expression uses a lookahead ((?=…)), ${BACKTRACKING}; rewrite without it.`;
    if (rest.startsWith("(?!")) return `Regular expression uses a negative lookahead ((?!…)), ${BACKTRACKING}; rewrite without it.`;
    if (rest.startsWith("(?<=")) return `Regular expression uses a lookbehind ((?<=…)), ${BACKTRACKING}; rewrite without it.`;
    if (rest.startsWith("(?<!")) return `Regular expression uses a negative lookbehind ((?<!…)), ${BACKTRACKING}; rewrite without it.`;
    if (rest.startsWith("(?>")) return `Regular expression uses an atomic group ((?>…)), ${BACKTRACKING}; use a plain group (?:…) instead.`;
    if (rest.startsWith("(?(")) return `Regular expression uses a conditional ((?(…)…)), ${BACKTRACKING}; rewrite without it.`;
    if (/^\(\?(R|\d)/.test(rest)) return `Regular expression uses recursion ((?R)), ${BACKTRACKING}; rewrite without it.`;
    const possessive = /^[*+?]\+/.test(rest)
      ? rest.slice(0, 2)
      : c === "+" && /\{\d+(,\d*)?\}$/.test(pattern.slice(0, i))
        ? "}+"
        : undefined;
    if (possessive) {
      return `Regular expression uses a possessive quantifier (${possessive}), which LiveChat bots don't support; remove the extra "+" (matching is already linear-time).`;
    }
  }
  return undefined;
}

// A rule that ignores accents runs on accent-stripped text, so its literal letters are stripped too
// ("café" → "cafe"). Only letters are rewritten: a compatibility fold must never turn a character
// into regex syntax (full-width "（" would become "(").
function foldPatternAccents(pattern: string): string {
  let out = "";
  for (const char of pattern) {
    if (char.charCodeAt(0) < 128) {
      out += char;
      continue;
    }
    if (/^\p{M}$/u.test(char)) continue;
    const folded = char
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[ßẞæÆœŒøØłŁđĐðÐþÞıħĦŧŦ]/gu, (c) => FOLDS[c] ?? c);
    out += folded.length > 0 && /^[\p{L}\p{N}]+$/u.test(folded) ? folded : char;
  }
  return out;
}

const FOLDS: Record<string, string> = {
  ß: "ss", ẞ: "SS", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ø: "o", Ø: "O", ł: "l", Ł: "L",
  đ: "d", Đ: "D", ð: "d", Ð: "D", þ: "th", Þ: "TH", ı: "i", ħ: "h", Ħ: "H", ŧ: "t", Ŧ: "T",
};

/**
 * The exact source string the engine compiles for a rule (flags inlined, accents folded), so a
 * single regex and a set of regexes share one definition.
 */
export function effectivePatternSource(pattern: string, options: PatternOptions = {}): string {
  const source = foldedPatternSource(pattern, options);
  return options.caseSensitive ? `(?:${source})` : `(?i:${source})`;
}

/** The pattern as it sees accent-folded text (before the case flag is applied). */
export function foldedPatternSource(pattern: string, options: PatternOptions = {}): string {
  return options.accentSensitive ? pattern : foldPatternAccents(pattern);
}

/** Compile a rule's pattern as the engine runs it. Throws on invalid patterns; validate first. */
export function compileRulePattern(pattern: string, options: PatternOptions = {}): RE2JS {
  return RE2JS.compile(effectivePatternSource(pattern, options));
}

/**
 * Why `pattern` can't be saved, in words a rule author can act on; `undefined` when it is fine.
 */
export function checkRegexPattern(pattern: string, options: PatternOptions = {}): string | undefined {
  if (pattern.trim() === "") return "Add a regular expression";
  if (pattern.length > MAX_PATTERN_LENGTH) return `Regular expression is longer than ${MAX_PATTERN_LENGTH} characters`;
  const unsupported = findUnsupportedConstruct(pattern);
  if (unsupported) return unsupported;
  try {
    RE2JS.compile(pattern);
    compileRulePattern(pattern, options);
    return undefined;
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const detail = error.message.replace(/^error parsing regexp: /, "");
    return `Regular expression is invalid: ${detail}`;
  }
}
