// Membership roles: the LiveChat role a person had at their last sign-in (livechat-api.md 1.10).
import { z } from "zod";

export const RoleSchema = z.enum(["owner", "viceowner", "administrator", "normal"]);
export type Role = z.infer<typeof RoleSchema>;

/** Reads a stored role; anything unexpected is treated as the least privileged one. */
export function parseRole(value: string): Role {
  const result = RoleSchema.safeParse(value);
  return result.success ? result.data : "normal";
}
