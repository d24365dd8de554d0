// A message normalized lazily per matching variant (case/accent sensitivity), shared by the
// keyword automaton and the regex rules of one evaluation.
import { normalizeWithOffsets, type NormalizeOptions, type NormalizedText } from "./normalize-text";

/** 0–3: bit 1 = case-sensitive, bit 2 = accent-sensitive. */
export type Variant = number;

export function variantOf(options: NormalizeOptions): Variant {
  return (options.caseSensitive ? 1 : 0) | (options.accentSensitive ? 2 : 0);
}

export function optionsOf(variant: Variant): NormalizeOptions {
  return { caseSensitive: (variant & 1) !== 0, accentSensitive: (variant & 2) !== 0 };
}

export class MessageTexts {
  private readonly cache: Array<NormalizedText | undefined> = [undefined, undefined, undefined, undefined];

  constructor(readonly original: string) {}

  get(variant: Variant): NormalizedText {
    let normalized = this.cache[variant];
    if (!normalized) {
      normalized = normalizeWithOffsets(this.original, optionsOf(variant));
      this.cache[variant] = normalized;
    }
    return normalized;
  }
}
