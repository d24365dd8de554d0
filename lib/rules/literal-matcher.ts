// All keyword triggers (exact, contains, starts-with, any-of, all-of) of a bot in one Aho–Corasick
// automaton per normalization variant. A scan records, per keyword, its first occurrence that
// satisfies each way rules use it (anywhere, whole word, at the start, the whole message); only
// rules that use a keyword seen in the message are looked at afterwards.
import { buildAhoCorasick, type AhoCorasick } from "./aho-corasick";
import { variantOf, type MessageTexts, type Variant } from "./message-texts";
import { normalizeText, toOriginalSpan, type Span } from "./normalize-text";
import type { LiteralKind, TriggerHit } from "./trigger-hit";
import { firstWordIndex, isWholeWordAt, lastWordEnd } from "./word-chars";

/** A keyword trigger as the matcher needs it. */
export interface LiteralRuleSpec {
  ruleIndex: number;
  kind: LiteralKind;
  keywords: readonly string[];
  wholeWord: boolean;
  caseSensitive: boolean;
  accentSensitive: boolean;
}

// How a rule uses a keyword; each is one bit of a keyword's "needed" mask.
const SUBSTRING = 0;
const WHOLE_WORD = 1;
const PREFIX = 2;
const PREFIX_WHOLE_WORD = 3;
const EXACT = 4;
const ROLES = 5;
const AT_START_MASK = (1 << PREFIX) | (1 << PREFIX_WHOLE_WORD) | (1 << EXACT);

function roleOf(spec: LiteralRuleSpec): number {
  if (spec.kind === "exact") return EXACT;
  if (spec.kind === "starts_with") return spec.wholeWord ? PREFIX_WHOLE_WORD : PREFIX;
  return spec.wholeWord ? WHOLE_WORD : SUBSTRING;
}

interface Slot {
  ruleIndex: number;
  kind: LiteralKind;
  role: number;
  patterns: number[];
}

interface VariantMatcher {
  variant: Variant;
  automaton: AhoCorasick;
  patternLength: Int32Array;
  needed: Uint8Array;
  useStart: Int32Array;
  useSlot: Int32Array;
  slots: Slot[];
  // Scratch space reused by every scan (evaluation is synchronous, so never shared mid-scan).
  stamp: Int32Array;
  done: Uint8Array;
  first: Int32Array;
  slotStamp: Int32Array;
  generation: number;
  touched: number[];
  text: string;
  wordStart: number;
  wordEnd: number;
  onOccurrence: (patternIndex: number, end: number) => void;
}

function buildVariant(variant: Variant, specs: LiteralRuleSpec[]): VariantMatcher {
  const ids = new Map<string, number>();
  const patterns: string[] = [];
  const slots: Slot[] = specs.map((spec) => {
    const role = roleOf(spec);
    const options = { caseSensitive: spec.caseSensitive, accentSensitive: spec.accentSensitive };
    const normalized = [...new Set(spec.keywords.map((k) => normalizeText(k, options)).filter((k) => k !== ""))];
    const slotPatterns = normalized.map((keyword) => {
      let id = ids.get(keyword);
      if (id === undefined) {
        id = patterns.length;
        ids.set(keyword, id);
        patterns.push(keyword);
      }
      return id;
    });
    return { ruleIndex: spec.ruleIndex, kind: spec.kind, role, patterns: slotPatterns };
  });

  const count = patterns.length;
  const patternLength = Int32Array.from(patterns, (p) => p.length);
  const needed = new Uint8Array(count);
  const useCount = new Int32Array(count + 1);
  for (const slot of slots) {
    for (const p of slot.patterns) {
      needed[p]! |= 1 << slot.role;
      useCount[p + 1]!++;
    }
  }
  const useStart = new Int32Array(count + 1);
  for (let p = 0; p < count; p++) useStart[p + 1] = useStart[p]! + useCount[p + 1]!;
  const fill = useStart.slice(0, count);
  const useSlot = new Int32Array(useStart[count]!);
  slots.forEach((slot, s) => {
    for (const p of slot.patterns) useSlot[fill[p]!++] = s;
  });

  const m: VariantMatcher = {
    variant,
    automaton: buildAhoCorasick(patterns),
    patternLength,
    needed,
    useStart,
    useSlot,
    slots,
    stamp: new Int32Array(count),
    done: new Uint8Array(count),
    first: new Int32Array(count * ROLES),
    slotStamp: new Int32Array(slots.length),
    generation: 0,
    touched: [],
    text: "",
    wordStart: -1,
    wordEnd: -1,
    onOccurrence: () => {},
  };
  // Created once per matcher (not per scan): the per-scan state lives on `m`.
  m.onOccurrence = (p, end) => recordOccurrence(m, p, end);
  return m;
}

/** Note the occurrence of pattern `p` ending at `end` for every way rules use that pattern. */
function recordOccurrence(m: VariantMatcher, p: number, end: number): void {
  const { stamp, done, first } = m;
  if (stamp[p] !== m.generation) {
    stamp[p] = m.generation;
    done[p] = 0;
    first.fill(-1, p * ROLES, p * ROLES + ROLES);
    m.touched.push(p);
  }
  const need = m.needed[p]! & ~done[p]!;
  if (need === 0) return;
  const text = m.text;
  const start = end - m.patternLength[p]!;
  const base = p * ROLES;
  let finished = 0;
  if (need & (1 << SUBSTRING)) {
    first[base + SUBSTRING] = start;
    finished |= 1 << SUBSTRING;
  }
  const isWhole = (need & ((1 << WHOLE_WORD) | (1 << PREFIX_WHOLE_WORD))) !== 0 && isWholeWordAt(text, start, end);
  if (need & (1 << WHOLE_WORD) && isWhole) {
    first[base + WHOLE_WORD] = start;
    finished |= 1 << WHOLE_WORD;
  }
  if (need & AT_START_MASK) {
    if (m.wordStart < 0) {
      m.wordStart = firstWordIndex(text);
      m.wordEnd = lastWordEnd(text);
    }
    // Occurrences of one keyword come in increasing start order: once past the first word,
    // no later occurrence can be at the start of the message.
    if (start > m.wordStart) finished |= AT_START_MASK;
    else {
      if (need & (1 << PREFIX)) {
        first[base + PREFIX] = start;
        finished |= 1 << PREFIX;
      }
      if (need & (1 << PREFIX_WHOLE_WORD) && isWhole) {
        first[base + PREFIX_WHOLE_WORD] = start;
        finished |= 1 << PREFIX_WHOLE_WORD;
      }
      if (need & (1 << EXACT) && end >= m.wordEnd) {
        first[base + EXACT] = start;
        finished |= 1 << EXACT;
      }
    }
  }
  done[p]! |= finished;
}

function scanVariant(m: VariantMatcher, texts: MessageTexts, hits: TriggerHit[]): void {
  const normalized = texts.get(m.variant);
  m.text = normalized.text;
  m.generation++;
  m.touched.length = 0;
  m.wordStart = -1;
  m.automaton.scan(m.text, m.onOccurrence);

  const { useStart, useSlot, slots, slotStamp, generation } = m;
  for (const p of m.touched) {
    for (let u = useStart[p]!; u < useStart[p + 1]!; u++) {
      const s = useSlot[u]!;
      if (slotStamp[s] === generation) continue;
      slotStamp[s] = generation;
      const slot = slots[s]!;
      const spans = slotSpans(m, slot);
      if (!spans) continue;
      for (let k = 0; k < spans.length; k++) spans[k] = toOriginalSpan(normalized, spans[k]!);
      hits.push({ ruleIndex: slot.ruleIndex, spans });
    }
  }
}

/** First occurrence start of pattern `p` in the slot's role during this scan, or -1. */
function startIn(m: VariantMatcher, p: number, role: number): number {
  return m.stamp[p] === m.generation ? m.first[p * ROLES + role]! : -1;
}

/** Spans (in normalized text) that make the slot's trigger match, or undefined. */
function slotSpans(m: VariantMatcher, slot: Slot): Span[] | undefined {
  if (slot.kind === "all_of") {
    const spans: Span[] = [];
    for (const p of slot.patterns) {
      const start = startIn(m, p, slot.role);
      if (start < 0) return undefined;
      spans.push({ start, end: start + m.patternLength[p]! });
    }
    return spans.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  // exact / contains / starts_with have one keyword; any_of takes the leftmost, then longest.
  let best: Span | undefined;
  for (const p of slot.patterns) {
    const start = startIn(m, p, slot.role);
    if (start < 0) continue;
    const end = start + m.patternLength[p]!;
    if (!best || start < best.start || (start === best.start && end > best.end)) best = { start, end };
  }
  return best ? [best] : undefined;
}

/** Finds which keyword rules match a message, in one pass per variant. */
export interface LiteralMatcher {
  match(texts: MessageTexts, hits: TriggerHit[]): void;
}

export function buildLiteralMatcher(specs: readonly LiteralRuleSpec[]): LiteralMatcher {
  const byVariant = new Map<Variant, LiteralRuleSpec[]>();
  for (const spec of specs) {
    const variant = variantOf(spec);
    const list = byVariant.get(variant) ?? [];
    list.push(spec);
    byVariant.set(variant, list);
  }
  const matchers = [...byVariant].map(([variant, list]) => buildVariant(variant, list));
  return {
    match(texts, hits) {
      for (const m of matchers) scanVariant(m, texts, hits);
    },
  };
}
