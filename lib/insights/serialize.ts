// Server data as the browser receives it through JSON: dates become ISO strings. Pages hand the
// same shape to their client component as the API returns, so SWR's fallback and refreshes agree.
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export function toJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}
