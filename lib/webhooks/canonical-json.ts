// JSON with object keys sorted at every level, so equal values give equal text whatever order
// LiveChat (or we) wrote the keys in.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "null";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
