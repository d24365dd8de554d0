// Text normalization shared by keyword compilation and message matching. Both sides go through
// the same per-code-point function, so a keyword always matches its own normalized form and every
// normalized character can be traced back to the original message (for highlighting spans).

/** Which differences matching should respect; by default case and accents are ignored. */
export interface NormalizeOptions {
  caseSensitive?: boolean;
  accentSensitive?: boolean;
}

/** Normalized text plus, for each UTF-16 unit of it, the original range it came from. */
export interface NormalizedText {
  text: string;
  /** `originalStart[i]`: index in the original string where normalized unit `i` comes from. */
  originalStart: Int32Array;
  /** `originalEnd[i]`: end (exclusive) of that original range; grows over stripped accents. */
  originalEnd: Int32Array;
  /** Length of the original string, for mapping spans that end at the very end. */
  originalLength: number;
}

/** Half-open range `[start, end)` of UTF-16 indices. */
export interface Span {
  start: number;
  end: number;
}

const MARK = /^\p{M}$/u;
const DROPPED = /^[\p{Cc}\p{Cf}]$/u;
const WHITESPACE = /^\s$/u;
const MARKS = /\p{M}/gu;

// Letters that carry no decomposable accent but that people type without their "accent" anyway.
const LETTER_FOLDS: Record<string, string> = {
  ß: "ss", ẞ: "SS", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ø: "o", Ø: "O", ł: "l", Ł: "L",
  đ: "d", Đ: "D", ð: "d", Ð: "D", þ: "th", Þ: "TH", ı: "i", ħ: "h", Ħ: "H", ŧ: "t", Ŧ: "T",
};
const LETTER_FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join("")}]`, "gu");

const caches = [new Map<number, string>(), new Map<number, string>(), new Map<number, string>(), new Map<number, string>()];
const CACHE_LIMIT = 8192;

function variantIndex(options: NormalizeOptions): number {
  return (options.caseSensitive ? 1 : 0) | (options.accentSensitive ? 2 : 0);
}

/** Normalized form of one non-ASCII code point: "" when dropped, " " for whitespace. */
function transformCodePoint(char: string, caseSensitive: boolean, accentSensitive: boolean): string {
  if (WHITESPACE.test(char)) return " ";
  if (DROPPED.test(char)) return "";
  // Compatibility decomposition also folds full-width letters, ligatures (ﬁ) and the like.
  let out = char.normalize("NFKD");
  if (!caseSensitive) out = out.toLowerCase();
  if (!accentSensitive) out = out.replace(MARKS, "").replace(LETTER_FOLD_PATTERN, (c) => LETTER_FOLDS[c] ?? c);
  // Σ lowercases to σ or ς depending on context; per code point we can't see context, so unify.
  if (!caseSensitive) out = out.replace(/ς/g, "σ");
  return out;
}

function transform(codePoint: number, variant: number): string {
  const cache = caches[variant]!;
  const hit = cache.get(codePoint);
  if (hit !== undefined) return hit;
  const value = transformCodePoint(String.fromCodePoint(codePoint), (variant & 1) !== 0, (variant & 2) !== 0);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(codePoint, value);
  return value;
}

// Collects normalized characters with their original ranges. The work buffers are shared and
// reused across calls (normalization is synchronous); each result gets one exact-size copy.
// Folding can lengthen text ("ß" → "ss"), so buffers grow on demand. A whitespace run is held
// back and written as one space only before the next visible character, trimming both ends.
class Builder {
  codes = new Uint16Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  length = 0;
  spaceStart = -1;
  spaceEnd = -1;

  reset(): void {
    this.length = 0;
    this.spaceStart = -1;
  }

  space(start: number, end: number): void {
    if (this.spaceStart < 0) this.spaceStart = start;
    this.spaceEnd = end;
  }

  char(code: number, start: number, end: number): void {
    if (this.spaceStart >= 0) {
      if (this.length > 0) this.push(32, this.spaceStart, this.spaceEnd);
      this.spaceStart = -1;
    }
    this.push(code, start, end);
  }

  private push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  private grow(): void {
    const size = this.codes.length * 2;
    const codes = new Uint16Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    codes.set(this.codes);
    starts.set(this.starts);
    ends.set(this.ends);
    [this.codes, this.starts, this.ends] = [codes, starts, ends];
  }

  result(originalLength: number): NormalizedText {
    const n = this.length;
    let text = "";
    // Chunked: one call with a huge array would exceed the argument limit. (apply accepts any
    // array-like; the cast only satisfies TypeScript's number[] signature.)
    for (let i = 0; i < n; i += 8192) {
      text += String.fromCharCode.apply(null, this.codes.subarray(i, Math.min(i + 8192, n)) as unknown as number[]);
    }
    const offsets = new Int32Array(2 * n);
    offsets.set(this.starts.subarray(0, n));
    offsets.set(this.ends.subarray(0, n), n);
    return { text, originalStart: offsets.subarray(0, n), originalEnd: offsets.subarray(n), originalLength };
  }
}

const builder = new Builder();

/**
 * Normalize `input` and keep the mapping back to it: case folded and accents stripped unless the
 * options say otherwise, compatibility forms folded, invisible format characters dropped, runs of
 * whitespace collapsed to one space and trimmed.
 */
export function normalizeWithOffsets(input: string, options: NormalizeOptions = {}): NormalizedText {
  const variant = variantIndex(options);
  const caseSensitive = options.caseSensitive === true;
  const out = builder;
  out.reset();
  for (let i = 0; i < input.length; ) {
    const code = input.charCodeAt(i);
    if (code < 128) {
      if (code === 32 || (code >= 9 && code <= 13)) out.space(i, i + 1);
      else if (code >= 32 && code !== 127) out.char(!caseSensitive && code >= 65 && code <= 90 ? code + 32 : code, i, i + 1);
      i += 1; // (other ASCII control characters are dropped)
      continue;
    }
    const codePoint = input.codePointAt(i) ?? code;
    const width = codePoint > 0xffff ? 2 : 1;
    const folded = transform(codePoint, variant);
    if (folded.length === 0 && out.spaceStart < 0 && MARK.test(String.fromCodePoint(codePoint))) {
      // A stripped accent belongs to the letter before it: widen that letter's original range.
      if (out.length > 0) out.ends[out.length - 1] = i + width;
    }
    for (let k = 0; k < folded.length; k++) {
      const c = folded.charCodeAt(k);
      if (c === 32) out.space(i, i + width);
      else out.char(c, i, i + width);
    }
    i += width;
  }
  return out.result(input.length);
}

/** Normalized form of `input` (see {@link normalizeWithOffsets}); what keywords are compared on. */
export function normalizeText(input: string, options: NormalizeOptions = {}): string {
  return normalizeWithOffsets(input, options).text;
}

/** Map a span of normalized text back to the original message. */
export function toOriginalSpan(normalized: NormalizedText, span: Span): Span {
  const { originalStart, originalEnd, originalLength } = normalized;
  if (span.end <= span.start) {
    const at = span.start < originalStart.length ? originalStart[span.start]! : originalLength;
    return { start: at, end: at };
  }
  return { start: originalStart[span.start]!, end: originalEnd[span.end - 1]! };
}
