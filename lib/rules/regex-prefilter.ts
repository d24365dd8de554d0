// Literal prefilter for regex rules (the idea behind RE2's FilteredRE2 and trigram indexes): from
// a pattern, derive strings one of which every match must contain. A message lacking all of them
// can't match, so the regex isn't run. The analysis is conservative: anything it doesn't fully
// understand (inline flags, \Q…\E, hex escapes, non-ASCII literals) makes it return undefined,
// and the regex then runs on every message.

/** Literals shorter than this filter almost nothing; such patterns run unfiltered. */
const MIN_LITERAL = 3;
/** Cap on alternatives tracked per node (keeps `[ab][cd][ef]…` from blowing up). */
const MAX_SET = 16;

type Node =
  | { kind: "char"; value: string }
  | { kind: "any" }
  | { kind: "empty" }
  | { kind: "concat"; items: Node[] }
  | { kind: "alternate"; items: Node[] }
  | { kind: "repeat"; item: Node; min: number; max: number };

class Unsupported extends Error {}

/** Minimal RE2 syntax reader: only as much structure as the literal analysis needs. */
class Reader {
  private at = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) throw new Unsupported();
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.at + offset];
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.peek() === "|") {
      this.at++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? items[0]! : { kind: "alternate", items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      items.push(this.repetition(this.atom()));
    }
    return { kind: "concat", items };
  }

  private repetition(node: Node): Node {
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === "*") [min, max] = [0, Infinity];
      else if (c === "+") [min, max] = [1, Infinity];
      else if (c === "?") [min, max] = [0, 1];
      else if (c === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
        if (!m) return node; // "{" that isn't a repeat is a literal; atom() reads it next
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
        this.at += m[0].length - 1;
      } else return node;
      this.at++;
      if (this.peek() === "?") this.at++; // lazy: same language
      node = { kind: "repeat", item: node, min, max };
    }
  }

  private atom(): Node {
    const c = this.source[this.at++]!;
    switch (c) {
      case "(": {
        if (this.peek() === "?") {
          const head = /^\?(:|P<\w+>|<\w+>)/.exec(this.source.slice(this.at));
          if (!head) throw new Unsupported(); // inline flags change how literals match
          this.at += head[0].length;
        }
        const inner = this.alternation();
        if (this.source[this.at++] !== ")") throw new Unsupported();
        return inner;
      }
      case "[":
        this.skipClass();
        return { kind: "any" };
      case ".":
        return { kind: "any" };
      case "^":
      case "$":
        return { kind: "empty" };
      case "\\":
        return this.escape();
      default:
        // Non-ASCII letters may case-fold in ways our lowercased text doesn't mirror: stay safe.
        return c.charCodeAt(0) < 128 ? { kind: "char", value: c } : { kind: "any" };
    }
  }

  private escape(): Node {
    const c = this.source[this.at++];
    if (c === undefined) throw new Unsupported();
    if ("bBAz".includes(c)) return { kind: "empty" };
    if ("dDwWsS".includes(c)) return { kind: "any" };
    if (c === "p" || c === "P") {
      if (this.peek() === "{") {
        const close = this.source.indexOf("}", this.at);
        if (close < 0) throw new Unsupported();
        this.at = close + 1;
      } else this.at++;
      return { kind: "any" };
    }
    if ("tnrfva".includes(c)) return { kind: "any" };
    if (/[!-/:-@[-`{-~]/.test(c)) return { kind: "char", value: c }; // escaped punctuation
    throw new Unsupported(); // \x, \Q…\E, octal, \C: not worth modelling
  }

  private skipClass(): void {
    if (this.peek() === "^") this.at++;
    if (this.peek() === "]") this.at++;
    while (this.at < this.source.length) {
      const c = this.source[this.at++];
      if (c === "\\") this.at++;
      else if (c === "[" && this.peek() === ":") {
        const close = this.source.indexOf(":]", this.at);
        if (close < 0) throw new Unsupported();
        this.at = close + 2;
      } else if (c === "]") return;
    }
    throw new Unsupported();
  }
}

/** `undefined` = no constraint; otherwise a match contains at least one of the strings. */
type Required = Set<string> | undefined;

interface Info {
  /** Every string the node can match, when that set is small. */
  exact?: Set<string>;
  required: Required;
}

function asRequired(info: Info): Required {
  if (!info.exact) return info.required;
  // The empty string is in every text: no constraint.
  return info.exact.has("") ? undefined : info.exact;
}

function strength(set: Set<string>): number {
  let shortest = Infinity;
  for (const s of set) shortest = Math.min(shortest, s.length);
  return shortest * 100 - set.size;
}

/** Both must hold; keep the more selective one (this analysis doesn't track conjunctions). */
function both(a: Required, b: Required): Required {
  if (!a) return b;
  if (!b) return a;
  return strength(a) >= strength(b) ? a : b;
}

function either(a: Required, b: Required): Required {
  if (!a || !b) return undefined;
  const union = new Set([...a, ...b]);
  return union.size > MAX_SET * 4 ? undefined : union;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | undefined {
  if (a.size * b.size > MAX_SET) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function analyze(node: Node, isCaseInsensitive: boolean): Info {
  switch (node.kind) {
    case "char":
      return { exact: new Set([isCaseInsensitive ? node.value.toLowerCase() : node.value]), required: undefined };
    case "any":
      return { required: undefined };
    case "empty":
      return { exact: new Set([""]), required: undefined };
    case "concat": {
      // `run`: exact strings of the trailing items since the last break; a break (an item
      // without a small exact set) turns the run into a requirement and starts a new one.
      let required: Required;
      let run = new Set([""]);
      let isExact = true;
      for (const item of node.items) {
        const next = analyze(item, isCaseInsensitive);
        const joined = next.exact ? cross(run, next.exact) : undefined;
        if (joined) {
          run = joined;
          continue;
        }
        isExact = false;
        required = both(required, asRequired({ exact: run, required: undefined }));
        required = both(required, asRequired(next));
        run = next.exact ?? new Set([""]);
      }
      if (isExact) return { exact: run, required: undefined };
      return { required: both(required, asRequired({ exact: run, required: undefined })) };
    }
    case "alternate": {
      const infos = node.items.map((item) => analyze(item, isCaseInsensitive));
      if (infos.every((i) => i.exact)) {
        const union = new Set(infos.flatMap((i) => [...i.exact!]));
        if (union.size <= MAX_SET) return { exact: union, required: undefined };
      }
      return { required: infos.map(asRequired).reduce(either) };
    }
    case "repeat": {
      const inner = analyze(node.item, isCaseInsensitive);
      if (node.min === 0 && node.max === 1 && inner.exact && inner.exact.size < MAX_SET) {
        return { exact: new Set([...inner.exact, ""]), required: undefined };
      }
      if (node.min === 0) return { required: undefined };
      if (node.min === 1 && node.max === 1) return inner;
      return { required: asRequired(inner) };
    }
  }
}

/**
 * Strings of which every match of `source` (as compiled, accent folding already applied) contains
 * at least one — lowercase when `isCaseInsensitive`. `undefined` when no useful set exists.
 */
export function requiredLiterals(source: string, isCaseInsensitive: boolean): string[] | undefined {
  let node: Node;
  try {
    node = new Reader(source).parse();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const required = asRequired(analyze(node, isCaseInsensitive));
  if (!required || [...required].some((s) => s.length < MIN_LITERAL)) return undefined;
  // "refunds" adds nothing when "refund" is already enough to run the regex.
  const literals = [...required];
  return literals.filter((s) => !literals.some((t) => t !== s && s.includes(t)));
}
