// Every guarded entry point carries a marker saying which guard wraps it and what access it needs,
// so the tenant-isolation test can prove that no route handler or server action skips its guard.
export type Access = "view" | "manage";

export interface GuardInfo {
  transport: "route" | "action";
  /** Undefined for routes: `manage` for state-changing methods, `view` for reads. */
  access: Access | undefined;
}

const GUARD = Symbol.for("botdesk.guard");

export function markGuarded<T extends object>(target: T, info: GuardInfo): T {
  Object.defineProperty(target, GUARD, { value: info, enumerable: false });
  return target;
}

export function guardInfoOf(target: unknown): GuardInfo | undefined {
  if (typeof target !== "function") return undefined;
  return (target as unknown as Record<symbol, GuardInfo | undefined>)[GUARD];
}
