// A CPU-time budget for synchronous work done for one request (compiling and running rules): past
// the budget the work is stopped where it is, so one request cannot hold the event loop — and every
// other request, /api/health included — for longer than that.
//
// How: the work runs as a call from a `vm` script with `timeout`. Node's watchdog interrupts
// whatever JavaScript is running when time is up, host functions called from the script included,
// and the call throws ERR_SCRIPT_EXECUTION_TIMEOUT. The work must be synchronous (a promise would
// escape the budget), and must not leave shared state half-updated if stopped at any point: the
// rule engine builds everything it returns from scratch and only caches finished values.
import vm from "node:vm";

export class TimeBudgetExceededError extends Error {
  override name = "TimeBudgetExceededError";
  constructor(readonly budgetMs: number) {
    super(`Stopped after ${budgetMs} ms`);
  }
}

const runner = new vm.Script("work()", { filename: "time-budget.vm" });
// One context for every call (creating one costs a V8 context); calls are synchronous, so they
// never interleave.
const context = vm.createContext({ work: () => undefined });

function isTimeout(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

/** Runs `work` and returns its result, or throws TimeBudgetExceededError after `budgetMs` of running. */
export function runWithinBudget<T>(work: () => T, budgetMs: number): T {
  let result: { value: T } | undefined;
  (context as { work: () => void }).work = () => {
    result = { value: work() };
  };
  try {
    runner.runInContext(context, { timeout: budgetMs });
  } catch (error) {
    if (isTimeout(error)) throw new TimeBudgetExceededError(budgetMs);
    throw error;
  } finally {
    (context as { work: () => void }).work = () => undefined;
  }
  return result!.value;
}
