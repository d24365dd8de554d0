"use server";

import { orgAction } from "@/lib/auth/org-action";
import { removeMemberAsOwner } from "@/lib/auth/remove-member";
import { takeOverConnection as moveConnection } from "@/lib/data/organizations";
import { RemoveMemberInputSchema } from "@/lib/data/team";
import { TakeOverConnectionInputSchema } from "@/lib/validation/organization";

/** An owner or administrator makes their own LiveChat credential the worker's connection. */
export const takeOverConnection = orgAction({ input: TakeOverConnectionInputSchema }, async (input, ctx) =>
  ctx.db.$transaction((tx) =>
    moveConnection(tx, { orgId: ctx.org.id, userId: ctx.user.id, expectedCredentialId: input.expectedCredentialId }),
  ),
);

/** An owner removes another member: membership, stored LiveChat credential and sessions end. */
export const removeMember = orgAction({ input: RemoveMemberInputSchema }, (input, ctx) => removeMemberAsOwner(ctx, input));
