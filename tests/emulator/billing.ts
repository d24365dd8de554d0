// What LiveChat would bill (livechat-api.md 10.1): every API request, failed ones included, except
// answers with HTTP 500. Fed by the request log (every HTTP request of the accounts service, the
// authorize step, the Configuration and Agent Web APIs, and every RTM request frame, `ping` and
// `login` included), but never capped like the log. Control-frame pings, pushes and webhook
// deliveries are not requests (10.1: not documented as billed; 4.3 allows control-frame pings).
import type { Surface } from "./request-log";

/** Organization key of requests that carry no organization (an authorize page view, a bad token). */
export const UNKNOWN_ORGANIZATION = "unknown";

export interface RequestCounts {
  total: number;
  /** `<surface>:<action>`, e.g. `configuration:list_bots`, `agent-web:send_event`, `rtm:ping`, `accounts:POST /v2/token`. */
  byAction: Record<string, number>;
  /** Organization id (or `unknown`) → requests. */
  byOrganization: Record<string, number>;
}

export interface BillableRequest {
  surface: Surface;
  action: string;
  organizationId: string | null;
  status: number;
}

export function billingKey(surface: Surface, action: string): string {
  return `${surface}:${action}`;
}

export class RequestCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  count(request: BillableRequest): void {
    // livechat-api.md 10.1: "Failed requests are billed too, except HTTP 500". For RTM the log's
    // status of an error is its HTTP twin, so `internal` is 500 as well.
    if (request.status === 500) return;
    const organization = request.organizationId ?? UNKNOWN_ORGANIZATION;
    let actions = this.counts.get(organization);
    if (!actions) {
      actions = new Map();
      this.counts.set(organization, actions);
    }
    const key = billingKey(request.surface, request.action);
    actions.set(key, (actions.get(key) ?? 0) + 1);
  }

  snapshot(filter: { organizationId?: string } = {}): RequestCounts {
    const result: RequestCounts = { total: 0, byAction: {}, byOrganization: {} };
    for (const [organization, actions] of this.counts) {
      if (filter.organizationId !== undefined && organization !== filter.organizationId) continue;
      for (const [key, value] of actions) {
        result.total += value;
        result.byAction[key] = (result.byAction[key] ?? 0) + value;
        result.byOrganization[organization] = (result.byOrganization[organization] ?? 0) + value;
      }
    }
    return result;
  }

  reset(): void {
    this.counts.clear();
  }
}
