// Aho–Corasick automaton over UTF-16 code units: one pass over a message finds every occurrence of
// every keyword, so matching cost follows the message length, not the number of keyword rules.
// The trie lives in typed arrays (edges sorted per node, binary-searched); the root, where
// scanning spends most of its time, gets a direct 64K lookup table.

/** Called for each occurrence: the pattern's index and the end (exclusive) of the occurrence. */
export type OccurrenceHandler = (patternIndex: number, end: number) => void;

/** A compiled dictionary of distinct, non-empty patterns. */
export interface AhoCorasick {
  readonly patternCount: number;
  /** Report every occurrence of every pattern in `text`, in order of end position. */
  scan(text: string, onOccurrence: OccurrenceHandler): void;
}

/** Build the automaton. Patterns must be distinct and non-empty; their index is what scan reports. */
export function buildAhoCorasick(patterns: readonly string[]): AhoCorasick {
  // Insert patterns in sorted order: the trie then grows depth-first, each node's children are
  // created in increasing code order, and no per-node maps are needed.
  const order = patterns.map((_, i) => i).sort((a, b) => (patterns[a]! < patterns[b]! ? -1 : patterns[a]! > patterns[b]! ? 1 : 0));
  const edgeParent: number[] = [];
  const edgeCodes: number[] = [];
  const outputs: number[] = [-1];
  const path = [0]; // path[d]: node for the first d units of the previous pattern
  let previous = "";
  for (const index of order) {
    const pattern = patterns[index]!;
    if (pattern.length === 0) throw new Error("Aho-Corasick patterns must be non-empty");
    if (pattern === previous) throw new Error(`Duplicate Aho-Corasick pattern: ${pattern}`);
    let shared = 0;
    while (shared < pattern.length && shared < previous.length && pattern.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
    for (let d = shared; d < pattern.length; d++) {
      edgeParent.push(path[d]!);
      edgeCodes.push(pattern.charCodeAt(d));
      path[d + 1] = outputs.length;
      outputs.push(-1);
    }
    outputs[path[pattern.length]!] = index;
    previous = pattern;
  }

  // Edge e creates node e + 1. Group edges by parent (stable, so codes stay sorted).
  const count = outputs.length;
  const edgeStart = new Int32Array(count + 1);
  for (const parent of edgeParent) edgeStart[parent + 1]!++;
  for (let n = 0; n < count; n++) edgeStart[n + 1]! += edgeStart[n]!;
  const edgeCode = new Uint16Array(count - 1);
  const edgeTarget = new Int32Array(count - 1);
  const fill = edgeStart.slice(0, count);
  edgeParent.forEach((parent, e) => {
    const slot = fill[parent]!++;
    edgeCode[slot] = edgeCodes[e]!;
    edgeTarget[slot] = e + 1;
  });
  const output = Int32Array.from(outputs);

  const rootNext = new Int32Array(65536);
  for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) rootNext[edgeCode[e]!] = edgeTarget[e]!;

  const child = (node: number, code: number): number => {
    let lo = edgeStart[node]!;
    let hi = edgeStart[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = edgeCode[mid]!;
      if (c === code) return edgeTarget[mid]!;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };

  // Failure links (longest proper suffix that is a trie node) and dictionary links (nearest
  // suffix node that ends a pattern), computed breadth-first.
  const fail = new Int32Array(count);
  const dictionary = new Int32Array(count).fill(-1);
  const queue: number[] = [];
  for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) queue.push(edgeTarget[e]!);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (let e = edgeStart[node]!; e < edgeStart[node + 1]!; e++) {
      const code = edgeCode[e]!;
      const target = edgeTarget[e]!;
      let f = fail[node]!;
      let next = -1;
      while (true) {
        next = f === 0 ? rootNext[code]! : child(f, code);
        if (next > 0 || f === 0) break;
        f = fail[f]!;
      }
      const suffix = next > 0 ? next : 0;
      fail[target] = suffix;
      dictionary[target] = output[suffix]! >= 0 ? suffix : dictionary[suffix]!;
      queue.push(target);
    }
  }

  return {
    patternCount: patterns.length,
    scan(text, onOccurrence) {
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        while (true) {
          if (node === 0) {
            node = rootNext[code]!;
            break;
          }
          const next = child(node, code);
          if (next >= 0) {
            node = next;
            break;
          }
          node = fail[node]!;
        }
        let hit = output[node]! >= 0 ? node : dictionary[node]!;
        while (hit > 0) {
          onOccurrence(output[hit]!, i + 1);
          hit = dictionary[hit]!;
        }
      }
    },
  };
}
