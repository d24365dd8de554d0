// Work a request starts but must not wait for (an activity timestamp, a LiveChat check ahead of
// time). It never fails the request: errors are logged.
import { after } from "next/server";
import { createLogger } from "../log";

const log = createLogger({ scope: "auth" });
const running = new Set<Promise<void>>();

export function runAfterResponse(label: string, task: () => Promise<unknown>): void {
  const promise: Promise<void> = Promise.resolve()
    .then(task)
    .then(
      () => undefined,
      (error: unknown) => log.warn(`${label} failed`, { error }),
    )
    .finally(() => running.delete(promise));
  running.add(promise);
  try {
    // On serverless hosts this keeps the function alive until the task ends.
    after(promise);
  } catch {
    // Outside a Next.js request (tests, scripts): the task runs on by itself.
  }
}

/** Resolves once every task started so far has ended (tests wait for this instead of sleeping). */
export async function backgroundWorkIdle(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}
