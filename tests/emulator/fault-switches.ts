// Switches that make the next calls fail or slow down. Socket-level faults act at once and live
// in fault-actions.ts; these ones are consulted by every HTTP call (api-call.ts) and RTM request.
import type { ApiErrorType } from "./api-error";

export type FaultSurface = "configuration" | "agent-web" | "accounts";

export interface CountedFaultOptions {
  count: number;
  /** Default: the Web and Configuration APIs. */
  surfaces?: FaultSurface[];
  /** Only these actions (`send_event`, or `POST /v2/token` for the accounts service); default all. */
  actions?: string[];
}

interface CountedFault {
  remaining: number;
  surfaces: Set<FaultSurface>;
  actions: Set<string> | null;
}

/** A LiveChat error of any documented type (livechat-api.md 2.9, 3.8), as LiveChat would word it. */
export interface ApiErrorFaultOptions {
  count: number;
  type: ApiErrorType;
  message: string;
  data?: Record<string, unknown>;
  /** Default: the Web and Configuration APIs (the accounts service speaks OAuth errors instead). */
  surfaces?: Exclude<FaultSurface, "accounts">[];
  actions?: string[];
}

export type HttpFault =
  | { kind: "rate_limit"; retryAfterSec: number }
  | { kind: "server_error"; type: "internal" | "service_unavailable" }
  | { kind: "api_error"; type: ApiErrorType; message: string; data?: Record<string, unknown> };

export class FaultSwitches {
  private rateLimit: (CountedFault & { retryAfterSec: number }) | null = null;
  private serverError: (CountedFault & { type: "internal" | "service_unavailable" }) | null = null;
  private apiError: (CountedFault & Pick<ApiErrorFaultOptions, "type" | "message" | "data">) | null = null;
  httpLatencyMs = 0;
  rtmLatencyMs = 0;

  setRateLimit(options: CountedFaultOptions & { retryAfterSec: number }): void {
    this.rateLimit = { ...toCounted(options), retryAfterSec: options.retryAfterSec };
  }

  setServerErrors(options: CountedFaultOptions & { type: "internal" | "service_unavailable" }): void {
    this.serverError = { ...toCounted(options), type: options.type };
  }

  setApiErrors(options: ApiErrorFaultOptions): void {
    this.apiError = { ...toCounted(options), type: options.type, message: options.message, data: options.data };
  }

  /** Consumes one planned failure for this call, if any applies. */
  take(surface: FaultSurface, action: string): HttpFault | null {
    if (this.rateLimit && applies(this.rateLimit, surface, action)) {
      this.rateLimit.remaining -= 1;
      const fault: HttpFault = { kind: "rate_limit", retryAfterSec: this.rateLimit.retryAfterSec };
      if (this.rateLimit.remaining <= 0) this.rateLimit = null;
      return fault;
    }
    if (this.serverError && applies(this.serverError, surface, action)) {
      this.serverError.remaining -= 1;
      const fault: HttpFault = { kind: "server_error", type: this.serverError.type };
      if (this.serverError.remaining <= 0) this.serverError = null;
      return fault;
    }
    if (this.apiError && applies(this.apiError, surface, action)) {
      this.apiError.remaining -= 1;
      const fault: HttpFault = { kind: "api_error", type: this.apiError.type, message: this.apiError.message, data: this.apiError.data };
      if (this.apiError.remaining <= 0) this.apiError = null;
      return fault;
    }
    return null;
  }

  clear(): void {
    this.rateLimit = null;
    this.serverError = null;
    this.apiError = null;
    this.httpLatencyMs = 0;
    this.rtmLatencyMs = 0;
  }
}

function toCounted(options: CountedFaultOptions): CountedFault {
  return {
    remaining: options.count,
    surfaces: new Set(options.surfaces ?? ["configuration", "agent-web"]),
    actions: options.actions ? new Set(options.actions) : null,
  };
}

function applies(fault: CountedFault, surface: FaultSurface, action: string): boolean {
  return fault.remaining > 0 && fault.surfaces.has(surface) && (fault.actions === null || fault.actions.has(action));
}
