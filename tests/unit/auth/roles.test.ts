// The LiveChat role decides who may change things (livechat-api.md 1.10).
import { describe, expect, it } from "vitest";
import { canManage, roleFromAccount } from "../../../lib/auth/roles";
import { LiveChatAccountSchema } from "../../../lib/validation/livechat-accounts";

const account = (roles: { product?: string; role: string }[]) => LiveChatAccountSchema.parse({ account_id: "a", roles });

describe("roles", () => {
  it("take the LiveChat product role over the Accounts role", () => {
    expect(roleFromAccount(account([{ product: "accounts", role: "member" }, { product: "LiveChat", role: "viceowner" }]))).toBe("viceowner");
    expect(roleFromAccount(account([{ product: "accounts", role: "administrator" }, { product: "LiveChat", role: "normal" }]))).toBe("normal");
  });

  it("map Accounts roles when no LiveChat role is given", () => {
    expect(roleFromAccount(account([{ product: "accounts", role: "owner" }]))).toBe("owner");
    expect(roleFromAccount(account([{ product: "accounts", role: "member" }]))).toBe("normal");
  });

  it("treat missing or unknown roles as a normal agent", () => {
    expect(roleFromAccount(account([]))).toBe("normal");
    expect(roleFromAccount(account([{ product: "LiveChat", role: "billing_editor" }]))).toBe("normal");
  });

  it("let owners, vice owners and administrators manage, and nobody else", () => {
    expect(["owner", "viceowner", "administrator", "normal"].map((role) => canManage(role as never))).toEqual([true, true, true, false]);
  });
});
