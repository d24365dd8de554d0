// One registration at a time per installation inside a process: a second caller waits for the first
// and then finds everything registered. Across processes, the re-list after registering removes
// duplicates (registration-plan.ts: the lowest id wins), so the outcome is the same either way.
const running = new Map<string, Promise<unknown>>();

export function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = running.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  const settled = next.catch(() => undefined);
  running.set(key, settled);
  void settled.then(() => {
    if (running.get(key) === settled) running.delete(key);
  });
  return next;
}
