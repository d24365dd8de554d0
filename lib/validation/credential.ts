// Credentials: what a sign-in hands over (next-auth's `account`, built from livechat-api.md 1.5).
import { z } from "zod";

/** next-auth turns `expires_in` into `expires_at` (seconds since the epoch) and keeps the rest. */
export const SignInTokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1, { error: "LiveChat did not return a refresh token" }),
  expires_at: z.number().int().positive(),
  scope: z.string().default(""),
  account_id: z.string().min(1),
  organization_id: z.string().min(1),
});
export type SignInTokens = z.infer<typeof SignInTokensSchema>;
