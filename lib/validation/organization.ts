// Inputs and outputs about organizations: ids in URLs and actions, the Team view, the connection.
import { z } from "zod";
import { RoleSchema } from "./membership";
import { RecordIdSchema } from "./text";

/** Our own organization ids (never LiveChat's) travel in URLs and action inputs. */
export const OrgIdSchema = RecordIdSchema;

export const OrgParamsSchema = z.object({ orgId: OrgIdSchema });

export const SwitchOrganizationInputSchema = z.object({ orgId: OrgIdSchema });

/**
 * Taking over names the credential the admin saw holding the connection (`null`: none), so two
 * admins acting at once cannot silently undo each other.
 */
export const TakeOverConnectionInputSchema = z.object({
  orgId: OrgIdSchema,
  expectedCredentialId: RecordIdSchema.nullable(),
});

export const ConnectionHealthSchema = z.enum(["missing", "healthy", "needs_reauth", "missing_scopes"]);
export type ConnectionHealth = z.infer<typeof ConnectionHealthSchema>;

export const ConnectionStatusSchema = z.object({
  health: ConnectionHealthSchema,
  credentialId: z.string().nullable(),
  holder: z.object({ userId: z.string(), name: z.string(), email: z.string() }).nullable(),
  /** What LiveChat said when the credential stopped working. */
  reason: z.string().nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const TeamMemberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  lastActiveAt: z.string(),
  credential: z
    .object({
      id: z.string(),
      status: z.enum(["active", "needs_reauth"]),
      hasBotManagementAccess: z.boolean(),
    })
    .nullable(),
  holdsConnection: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const TeamSchema = z.object({
  members: z.array(TeamMemberSchema),
  connection: ConnectionStatusSchema,
});
export type Team = z.infer<typeof TeamSchema>;
