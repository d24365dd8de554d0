// The reconnect table against every `agent_disconnected` reason of livechat-api.md 4.6.
import { describe, expect, it } from "vitest";
import { reconnectActionFor, RECONNECT_POLICY, stopExplanation } from "../../../worker/reconnect-policy";

/** livechat-api.md 4.6, row by row: the docs' advice and what the worker does. */
const TABLE: [reason: string, action: "reconnect" | "refresh_then_reconnect" | "stop"][] = [
  ["agent_disconnected_by_server", "stop"],
  ["agent_logged_out_remotely", "stop"],
  ["access_token_revoked", "refresh_then_reconnect"],
  ["connection_evicted", "stop"],
  ["access_token_expired", "refresh_then_reconnect"],
  ["connection_timeout", "reconnect"],
  ["internal_error", "reconnect"],
  ["license_expired", "stop"],
  ["license_not_found", "stop"],
  ["misdirected_connection", "stop"],
  ["misdirected_request", "stop"],
  ["unsupported_version", "stop"],
  ["too_many_connections", "stop"],
  ["too_many_unauthorized_connections", "reconnect"],
  ["role_permissions_changed", "reconnect"],
];

describe("reconnect policy", () => {
  it.each(TABLE)("%s → %s", (reason, action) => {
    expect(reconnectActionFor(reason)).toBe(action);
  });

  it("covers exactly the documented reasons", () => {
    expect(Object.keys(RECONNECT_POLICY).sort()).toEqual(TABLE.map(([reason]) => reason).sort());
  });

  it("reconnects on reasons it does not know", () => {
    expect(reconnectActionFor("something_new")).toBe("reconnect");
    expect(reconnectActionFor("__proto__")).toBe("reconnect");
    expect(reconnectActionFor("toString")).toBe("reconnect");
  });

  it("explains every stop to a person, with the region when LiveChat names one", () => {
    for (const [reason, action] of TABLE) {
      if (action === "stop") expect(stopExplanation(reason).length).toBeGreaterThan(20);
    }
    expect(stopExplanation("misdirected_connection", { region: "fra" })).toContain("fra");
  });
});
