// Character classes for word boundaries. Whole-word matching treats letters, digits, combining
// marks and "_" as word characters (like \b), except scripts written without spaces between words
// (Chinese, Japanese, Thai, …): there a "word boundary" can't be seen, so their characters never
// block a whole-word match — otherwise a keyword like 退款 could never match inside a sentence.

const WORD = /^[\p{L}\p{N}\p{M}_]$/u;
const SPACELESS = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = WORD.test(String.fromCharCode(c)) ? 1 : 0;

const wordCache = new Map<number, boolean>();
const blockingCache = new Map<number, boolean>();
const CACHE_LIMIT = 4096;

function cached(cache: Map<number, boolean>, codePoint: number, compute: (s: string) => boolean): boolean {
  const hit = cache.get(codePoint);
  if (hit !== undefined) return hit;
  const value = compute(String.fromCodePoint(codePoint));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(codePoint, value);
  return value;
}

/** A letter, digit, mark or "_" in any script: what separates "words" from punctuation for exact and starts-with. */
export function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 128) return ASCII_WORD[codePoint] === 1;
  return cached(wordCache, codePoint, (s) => WORD.test(s));
}

/** A word character that takes part in whole-word boundaries (word characters of spaceless scripts don't). */
export function isBoundaryCodePoint(codePoint: number): boolean {
  if (codePoint < 128) return ASCII_WORD[codePoint] === 1;
  return cached(blockingCache, codePoint, (s) => WORD.test(s) && !SPACELESS.test(s));
}

/** Code point that ends just before UTF-16 index `index` (handles surrogate pairs). */
export function codePointBefore(text: string, index: number): number {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/** Code point that starts at UTF-16 index `index`. */
export function codePointAtIndex(text: string, index: number): number {
  return text.codePointAt(index) ?? 0;
}

/**
 * Whether `text[start, end)` sits on whole-word boundaries: if the occurrence begins (ends) with a
 * word character, the character before (after) it must not be one.
 */
export function isWholeWordAt(text: string, start: number, end: number): boolean {
  if (start > 0 && isBoundaryCodePoint(codePointAtIndex(text, start)) && isBoundaryCodePoint(codePointBefore(text, start))) {
    return false;
  }
  if (end < text.length && end > start && isBoundaryCodePoint(codePointBefore(text, end)) && isBoundaryCodePoint(codePointAtIndex(text, end))) {
    return false;
  }
  return true;
}

/** Index of the first word character, or text.length when there is none. */
export function firstWordIndex(text: string): number {
  for (let i = 0; i < text.length; ) {
    const cp = codePointAtIndex(text, i);
    if (isWordCodePoint(cp)) return i;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.length;
}

/** Index just after the last word character, or 0 when there is none. */
export function lastWordEnd(text: string): number {
  for (let i = text.length; i > 0; ) {
    const cp = codePointBefore(text, i);
    if (isWordCodePoint(cp)) return i;
    i -= cp > 0xffff ? 2 : 1;
  }
  return 0;
}
