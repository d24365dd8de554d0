// Action lookup that ignores inherited keys (`constructor`, `__proto__`, …).
export function ownAction<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
