// Who is told what when a LiveChat authorization stops working (issue: the affected user sees
// their own notice; for the worker connection, every admin does).
import { describe, expect, it } from "vitest";
import { authBanners } from "../../../lib/auth/banners";
import { BOT_MANAGEMENT_SCOPE_PARAM, parseScopes, SIGN_IN_SCOPE_PARAM } from "../../../lib/livechat/scopes";
import type { ConnectionStatus } from "../../../lib/validation/organization";

const holder = { userId: "adam", name: "Adam Admin", email: "adam@acme.example" };
const healthy: ConnectionStatus = { health: "healthy", credentialId: "c-adam", holder, reason: null };
const broken: ConnectionStatus = { health: "needs_reauth", credentialId: "c-adam", holder, reason: "invalid_grant: revoked" };
const own = (status: "active" | "needs_reauth", scopes = SIGN_IN_SCOPE_PARAM) => ({
  id: "c-me",
  status,
  reason: status === "needs_reauth" ? "invalid_grant: expired" : null,
  scopes: parseScopes(scopes),
});

describe("authorization notices", () => {
  it("say nothing when everything works", () => {
    expect(authBanners({ userId: "olivia", canManage: true, own: own("active"), connection: healthy })).toEqual([]);
  });

  it("tell every admin, but not agents, that the connection needs re-authorization, quoting LiveChat", () => {
    const [banner] = authBanners({ userId: "olivia", canManage: true, own: own("active"), connection: broken });
    expect(banner).toMatchObject({ id: "connection-reauth", tone: "error", actions: ["open_team"] });
    expect(banner?.body).toContain("Adam Admin (adam@acme.example)");
    expect(banner?.body).toContain("“invalid_grant: revoked”");
    expect(authBanners({ userId: "nora", canManage: false, own: own("active"), connection: broken })).toEqual([]);
  });

  it("tell the affected user themselves, with the way back in that fits their role", () => {
    const adam = authBanners({ userId: "adam", canManage: true, own: own("needs_reauth", BOT_MANAGEMENT_SCOPE_PARAM), connection: broken });
    expect(adam.map((banner) => banner.id)).toEqual(["own-reauth"]);
    expect(adam[0]?.body).toContain("Your bots stopped answering");
    expect(adam[0]?.actions).toEqual(["grant_bot_management"]);
    const nora = authBanners({ userId: "nora", canManage: false, own: own("needs_reauth"), connection: healthy });
    expect(nora.map((banner) => [banner.id, banner.actions])).toEqual([["own-reauth", ["sign_in_again"]]]);
  });

  it("ask admins to connect an organization nobody connected yet", () => {
    const missing: ConnectionStatus = { health: "missing", credentialId: null, holder: null, reason: null };
    expect(authBanners({ userId: "olivia", canManage: true, own: own("active"), connection: missing }).map((banner) => banner.id)).toEqual([
      "connection-missing",
    ]);
    expect(authBanners({ userId: "nora", canManage: false, own: own("active"), connection: missing })).toEqual([]);
  });
});
