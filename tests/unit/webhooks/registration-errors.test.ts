// What a refused registration tells people: LiveChat's refusals as AppErrors in plain words.
import { describe, expect, it } from "vitest";
import { AppError } from "../../../lib/errors";
import { LiveChatError } from "../../../lib/livechat/errors";
import { NOT_THE_OWNING_ORGANIZATION, registrationError } from "../../../lib/webhooks/registration-errors";

describe("registrationError", () => {
  it("explains LiveChat's refusal to an organization that does not own the app", () => {
    const error = registrationError(new LiveChatError("authorization", "`owner_client_id` does not belong to your organization", 403));
    expect(error).toBeInstanceOf(AppError);
    expect({ code: error.code, message: error.message }).toEqual({ code: "forbidden", message: NOT_THE_OWNING_ORGANIZATION });
    expect(NOT_THE_OWNING_ORGANIZATION).toContain("Only an administrator of the LiveChat organization that owns this app can register its webhooks");
    expect(registrationError(new LiveChatError("validation", "`owner_client_id` is invalid", 400)).message).toBe(NOT_THE_OWNING_ORGANIZATION);
  });

  it("says what to do about LiveChat's limit of 3 webhooks per action", () => {
    const error = registrationError(new LiveChatError("limit_reached", "At most 3 webhooks per action per Client ID", 403));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/3 webhooks per action.*Unregister/);
  });

  it("keeps LiveChat's words for other refusals, and its type", () => {
    const limited = registrationError(new LiveChatError("too_many_requests", "Slow down", 429));
    expect(limited.code).toBe("rate_limited");
    expect(limited.message).toContain("Slow down");
    expect(limited.details).toMatchObject({ livechatType: "too_many_requests" });
    expect(registrationError(new LiveChatError("authentication", "Invalid token", 401)).details).toMatchObject({ reason: "needs_reauth" });
    expect(registrationError(new LiveChatError("network", "LiveChat could not be reached", 0)).code).toBe("unavailable");
  });

  it("passes AppErrors through and hides anything else behind a plain message", () => {
    const own = new AppError("forbidden", "no");
    expect(registrationError(own)).toBe(own);
    const hidden = registrationError(new Error("SQLITE_BUSY: database is locked"));
    expect(hidden.code).toBe("internal");
    expect(hidden.message).not.toContain("SQLITE");
  });
});
