// What the LiveChat accounts service answers (livechat-api.md 1.5–1.10), checked before use.
// Unknown fields are ignored; the fields Botdesk relies on must be there.
import { z } from "zod";
import { storableFromLiveChat } from "./text";

/** A name we store as LiveChat gives it, made storable (lib/validation/text.ts): never refused. */
const storedName = z.string().default("").transform(storableFromLiveChat);

/** livechat-api.md 1.5 and 1.6: the code-exchange and refresh responses have the same fields. */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  account_id: z.string().min(1),
  expires_in: z.number().int().positive(),
  organization_id: z.string().min(1),
  // 1.6: secret-holding apps keep their refresh token; the response still carries one.
  refresh_token: z.string().min(1).optional(),
  scope: z.string().default(""),
  token_type: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** livechat-api.md 1.10: `roles[]` appears only with `accounts.roles--all:ro`. */
export const LiveChatAccountSchema = z.object({
  account_id: z.string().min(1),
  name: storedName,
  email: storedName,
  avatar_url: z.string().nullish(),
  roles: z
    .array(
      z.object({
        product: z.string().optional(),
        role: z.string(),
        type: z.string().optional(),
      }),
    )
    .default([]),
});
export type LiveChatAccount = z.infer<typeof LiveChatAccountSchema>;

export const LiveChatOrganizationSchema = z.object({
  organization_id: z.string().min(1),
  name: storedName,
});
export type LiveChatOrganization = z.infer<typeof LiveChatOrganizationSchema>;

/** livechat-api.md 1.7 */
export const TokenInfoSchema = z.object({
  access_token: z.string().optional(),
  account_id: z.string(),
  client_id: z.string().optional(),
  expires_in: z.number(),
  organization_id: z.string(),
  scope: z.string().default(""),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;
