// What to do after LiveChat disconnects us, as a table over the `agent_disconnected` reasons of
// livechat-api.md 4.6. "Reconnect" reasons come back with backoff; `access_token_expired` and
// `access_token_revoked` first get a fresh token (a revoked token's refresh also fails when the
// refresh token went with it, 1.8 — then the organization stops and asks for re-authorization);
// the rest need a person, so the organization stops and the dashboard shows the reason.

export type ReconnectAction = "reconnect" | "refresh_then_reconnect" | "stop";

export const RECONNECT_POLICY: Readonly<Record<string, ReconnectAction>> = {
  // 4.6 "reconnect"
  access_token_expired: "refresh_then_reconnect",
  connection_timeout: "reconnect",
  internal_error: "reconnect",
  too_many_unauthorized_connections: "reconnect",
  role_permissions_changed: "reconnect",
  // 4.6 "don't reconnect" — but a revoked access token may still be refreshable
  access_token_revoked: "refresh_then_reconnect",
  agent_disconnected_by_server: "stop",
  agent_logged_out_remotely: "stop",
  connection_evicted: "stop",
  license_expired: "stop",
  license_not_found: "stop",
  misdirected_connection: "stop",
  // 4.6: the docs' sample says `misdirected_request` where the table says `misdirected_connection`.
  misdirected_request: "stop",
  unsupported_version: "stop",
  too_many_connections: "stop",
};

/** The action for a reason; reasons the table does not know reconnect (STYLE.md). */
export function reconnectActionFor(reason: string): ReconnectAction {
  return Object.hasOwn(RECONNECT_POLICY, reason) ? (RECONNECT_POLICY[reason] as ReconnectAction) : "reconnect";
}

/** A short, person-readable explanation for the dashboard when an organization stops. */
export function stopExplanation(reason: string, data?: Record<string, unknown>): string {
  switch (reason) {
    case "agent_disconnected_by_server":
      return "LiveChat disconnected the connection agent; restart the worker once the cause is fixed.";
    case "agent_logged_out_remotely":
      return "The connection agent was logged out remotely; an administrator has to sign in again.";
    case "connection_evicted":
      return "Another connection of the same agent replaced this one; is a second worker or app running as this agent?";
    case "license_expired":
      return "The LiveChat license expired.";
    case "license_not_found":
      return "LiveChat does not know this license.";
    case "misdirected_connection":
    case "misdirected_request":
      return `The organization lives in another LiveChat region${typeof data?.region === "string" ? ` (${data.region})` : ""}; check LIVECHAT_API_URL.`;
    case "unsupported_version":
      return "LiveChat no longer supports the API version this worker speaks; upgrade the worker.";
    case "too_many_connections":
      return "The connection agent has too many open connections in LiveChat.";
    case "needs_reauth":
      return "The administrator's LiveChat authorization can no longer be refreshed; an administrator has to sign in again.";
    default:
      return `LiveChat disconnected the worker (${reason}).`;
  }
}
