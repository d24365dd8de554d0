// How sign-in failures are told apart: LiveChat's own errors keep LiveChat's words; silence from
// LiveChat is "unreachable"; anything else is ours.
import { describe, expect, it } from "vitest";
import { failureFromError, recordSignInFailure, runSignInAttempt } from "../../../lib/auth/sign-in-failure";
import { SIGN_IN_MESSAGES } from "../../../lib/auth/sign-in-messages";
import { AppError } from "../../../lib/errors";
import { LiveChatError, networkError } from "../../../lib/livechat/errors";

describe("sign-in failures", () => {
  it("keep LiveChat's error code and description as LiveChat sent them", () => {
    const error = new LiveChatError("invalid_grant", "code_verifier does not match the code_challenge", 400);
    expect(failureFromError(error)).toEqual({
      reason: "livechat_error",
      livechatError: "invalid_grant",
      livechatMessage: "code_verifier does not match the code_challenge",
    });
  });

  it("call a request that got no answer unreachable, and anything else a failure on our side", () => {
    expect(failureFromError(networkError(new Error("connect ECONNREFUSED")))).toEqual({ reason: "livechat_unreachable" });
    expect(failureFromError(new TypeError("x is undefined"))).toEqual({ reason: "server_error" });
    expect(failureFromError(new AppError("livechat_error", "profile mismatch"))).toMatchObject({ reason: "livechat_error" });
  });

  it("report the first failure recorded inside an attempt, and nothing outside one", async () => {
    recordSignInFailure({ reason: "server_error" });
    const { failure } = await runSignInAttempt(async () => {
      await Promise.resolve();
      recordSignInFailure({ reason: "state_mismatch" });
      recordSignInFailure({ reason: "server_error" });
    });
    expect(failure).toEqual({ reason: "state_mismatch" });
    expect((await runSignInAttempt(async () => "fine")).failure).toBeUndefined();
  });

  it("have a title, an explanation and a next step for every reason", () => {
    for (const message of Object.values(SIGN_IN_MESSAGES)) {
      expect(message.title).not.toBe("");
      expect(message.nextStep).toMatch(/\.$/);
    }
  });
});
