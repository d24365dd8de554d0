// Access ends when LiveChat access ends. At least every 15 minutes of use, a member's stored LiveChat
// authorization is tried again and their role read again (livechat-api.md 1.10 `GET
// /v2/accounts/me`; 1.6, 1.9: `invalid_grant` means only a new sign-in helps):
// - LiveChat refuses → the organization closes to them until they sign in again (`accessEndedAt`);
//   a credential already known to be refused (`needs_reauth`) ends it at the check without a call;
// - another role → stored, so a demoted administrator is read-only from that request on.
// One Accounts API call per member per check (plus a refresh when the token is near its end or was
// refused early), single flight in this process and, through a claim on the check time, across
// instances. From 12 minutes on a request starts the check in the background instead of waiting
// for it, so a member who keeps working never waits; after 15 minutes the request waits for it.
import type { Db } from "../db";
import { markAccessTokenExpired, markCredentialNeedsReauth } from "../data/credentials";
import { getFreshAccessToken, isNeedsReauthError, type TokenDeps } from "../data/fresh-access-token";
import { claimAccessCheck, endAccess, recordAccessCheck, type MembershipContext } from "../data/memberships";
import { webRequestMeter } from "../data/web-request-meter";
import { AppError } from "../errors";
import { getMyAccount } from "../livechat/accounts";
import { LiveChatError } from "../livechat/errors";
import { createLogger } from "../log";
import type { Role } from "../validation/membership";
import { runAfterResponse } from "./after-response";
import { authConfig } from "./config";
import { roleFromAccount } from "./roles";
import { SESSION_END_MESSAGES } from "./session-end";

/** The longest LiveChat's word on a member is trusted. */
export const ACCESS_CHECK_MAX_AGE_MS = 15 * 60_000;
/** From this age on, a request starts the check without waiting for it. */
export const ACCESS_CHECK_AHEAD_MS = 12 * 60_000;
/**
 * LiveChat did not answer: try again after this long; until then the member keeps their access.
 * Each try writes the check time, so not more often than this.
 */
export const ACCESS_CHECK_RETRY_MS = 2 * 60_000;

const log = createLogger({ scope: "access-check" });
const inflight = new Map<string, Promise<Role>>();

export function accessEndedError(livechatSaid: string | null): AppError {
  const said = livechatSaid ? ` LiveChat said: “${livechatSaid}”.` : "";
  return new AppError("unauthorized", `${SESSION_END_MESSAGES.livechat_access_ended}${said}`, {
    reason: "livechat_access_ended",
    livechatSaid,
  });
}

/** The member's role as LiveChat last confirmed it; throws `accessEndedError` once LiveChat refuses. */
export async function confirmedRole(db: Db, membership: MembershipContext, now: Date): Promise<Role> {
  if (membership.accessEndedAt) throw accessEndedError(membership.credential?.statusReason ?? null);
  // Without a stored authorization there is nothing to ask LiveChat with (and nothing to act with).
  if (!membership.credential) return membership.role;
  const age = now.getTime() - membership.accessCheckedAt.getTime();
  if (age >= ACCESS_CHECK_MAX_AGE_MS) return checkOnce(db, membership, now);
  if (age >= ACCESS_CHECK_AHEAD_MS) runAfterResponse("LiveChat access check", () => checkOnce(db, membership, now));
  return membership.role;
}

function checkOnce(db: Db, membership: MembershipContext, now: Date): Promise<Role> {
  const running = inflight.get(membership.membershipId);
  if (running) return running;
  const promise = check(db, membership, now).finally(() => inflight.delete(membership.membershipId));
  inflight.set(membership.membershipId, promise);
  return promise;
}

async function check(db: Db, membership: MembershipContext, now: Date): Promise<Role> {
  const claimed = await claimAccessCheck(db, { membershipId: membership.membershipId, seenCheckedAt: membership.accessCheckedAt, now }).catch(
    (error: unknown) => {
      log.warn("Could not claim the LiveChat access check", { orgId: membership.org.id, error });
      return false;
    },
  );
  // Another request or instance checks (or just did): this one goes on with what is stored.
  if (!claimed) return membership.role;
  const credential = membership.credential!;
  const scope = { orgId: membership.org.id, credentialId: credential.id };
  try {
    if (credential.status === "needs_reauth") throw accessEndedError(credential.statusReason);
    const account = await readAccount(db, scope, now);
    if (account.account_id !== membership.accountId) throw accessEndedError("LiveChat answered for another account");
    const role = roleFromAccount(account);
    if (role !== membership.role) {
      await recordAccessCheck(db, { membershipId: membership.membershipId, role, checkedAt: now });
      log.info("LiveChat role changed", { orgId: membership.org.id, membershipId: membership.membershipId, from: membership.role, to: role });
    }
    return role;
  } catch (error) {
    const said = refusal(error);
    if (said === undefined) {
      // LiveChat out of reach or failing: keep the access they had, and ask again soon.
      log.warn("LiveChat access check failed; retrying in two minutes", { orgId: membership.org.id, error });
      // A request two minutes from now checks again, in the background.
      const retryAt = new Date(now.getTime() - ACCESS_CHECK_AHEAD_MS + ACCESS_CHECK_RETRY_MS);
      await recordAccessCheck(db, { membershipId: membership.membershipId, role: membership.role, checkedAt: retryAt }).catch(() => undefined);
      return membership.role;
    }
    // getFreshAccessToken marks `invalid_grant` itself; the other refusals are marked here.
    if (credential.status === "active" && !isNeedsReauthError(error)) await markCredentialNeedsReauth(db, { ...scope, reason: said ?? "refused" });
    await endAccess(db, { membershipId: membership.membershipId, now });
    log.info("LiveChat no longer accepts a member's authorization", { orgId: membership.org.id, membershipId: membership.membershipId });
    throw accessEndedError(said);
  }
}

/** What LiveChat said when it refused the member (null: no words), or undefined when it did not refuse. */
function refusal(error: unknown): string | null | undefined {
  if (error instanceof AppError && error.details?.reason === "livechat_access_ended") {
    return typeof error.details.livechatSaid === "string" ? error.details.livechatSaid : null;
  }
  if (isNeedsReauthError(error)) return null;
  if (isRefusedToken(error)) return `${(error as LiveChatError).type}: ${(error as LiveChatError).message}`;
  return undefined;
}

/** livechat-api.md 1.7: the status for a revoked or unknown token is not documented; 401 is what comes. */
function isRefusedToken(error: unknown): boolean {
  return error instanceof LiveChatError && (error.status === 401 || error.type === "authentication" || error.type === "invalid_grant");
}

async function readAccount(db: Db, scope: { orgId: string; credentialId: string }, now: Date) {
  const config = authConfig();
  const deps: TokenDeps = { db, keyring: config.keyring, accounts: { ...config.accounts, meter: webRequestMeter(scope.orgId) } };
  const token = await getFreshAccessToken(scope.credentialId, deps);
  try {
    return await getMyAccount(deps.accounts, token.accessToken);
  } catch (error) {
    if (!isRefusedToken(error)) throw error;
    // Refused before its time: only a refresh tells whether LiveChat still accepts the member.
    await markAccessTokenExpired(db, { ...scope, now });
    const renewed = await getFreshAccessToken(scope.credentialId, deps);
    return getMyAccount(deps.accounts, renewed.accessToken);
  }
}
