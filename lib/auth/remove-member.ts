// An owner removes a member on the Team page: one transaction ends their membership, credential and
// sessions (lib/data/team.ts); then their refresh token is revoked at LiveChat (livechat-api.md 1.8),
// best effort, so a copy of it is worthless too.
import { removeMember, ONLY_OWNERS_REMOVE, type RemoveMemberInput } from "../data/team";
import { AppError } from "../errors";
import { revokeToken } from "../livechat/accounts";
import { createLogger } from "../log";
import { authConfig } from "./config";
import type { OrgContext } from "./org-context";
import { canRemoveMembers } from "./roles";

export interface RemovalResult {
  name: string;
  heldConnection: boolean;
}

export async function removeMemberAsOwner(ctx: OrgContext, input: RemoveMemberInput): Promise<RemovalResult> {
  if (!canRemoveMembers(ctx.role)) throw new AppError("forbidden", ONLY_OWNERS_REMOVE);
  const config = authConfig();
  const removed = await ctx.db.$transaction((tx) =>
    removeMember(tx, { orgId: ctx.org.id, actorUserId: ctx.user.id, userId: input.userId, keyring: config.keyring, now: new Date() }),
  );
  if (removed.tokenToRevoke) {
    await revokeToken(config.accounts, removed.tokenToRevoke).catch((error: unknown) =>
      createLogger({ scope: "auth" }).warn("Could not revoke a removed member's LiveChat token", { orgId: ctx.org.id, error }),
    );
  }
  return { name: removed.name, heldConnection: removed.heldConnection };
}
