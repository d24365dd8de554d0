// Schemas for the Activity feed, rule statistics and audit log APIs: search params in, views out.
import { z } from "zod";
import { RecordIdSchema, storableText, textProblem } from "./text";

export const ACTIVITY_OUTCOMES = ["replied", "handed_over", "tagged", "suppressed", "no_match", "failed", "missed"] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

// Ids and cursors reach the database: storable text only (PostgreSQL refuses NUL). A cursor is
// base64url of `<ISO time>|<id>` (lib/data/activity.ts), so what it decodes to is checked too.
const optionalId = storableText(z.string().trim().max(64, { abort: true }))
  .optional()
  .transform((value) => (value ? value : undefined));

function decodesToStorableText(cursor: string): boolean {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    return textProblem(text) === undefined;
  } catch {
    return false;
  }
}

const CursorSchema = storableText(z.string().max(200, { abort: true })).refine(decodesToStorableText, {
  error: "The page cursor is not valid; reload the list.",
});

/** `?bot=&rule=&outcome=&cursor=&limit=` of `GET /api/orgs/[orgId]/activity`. */
export const ActivitySearchParamsSchema = z.object({
  bot: optionalId,
  rule: optionalId,
  outcome: z.enum(ACTIVITY_OUTCOMES).optional().catch(undefined),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ActivitySearchParams = z.infer<typeof ActivitySearchParamsSchema>;

/** `?cursor=` of `GET /api/orgs/[orgId]/audit`. */
export const AuditSearchParamsSchema = z.object({
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `?bot=` of `GET /api/orgs/[orgId]/stats/rules`. */
export const RuleStatsSearchParamsSchema = z.object({ bot: optionalId });

export const ActivityParamsSchema = z.object({ orgId: RecordIdSchema, activityId: RecordIdSchema });

/** A search params object (`URLSearchParams` or Next's record) as a plain record of first values. */
export function searchParamsRecord(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const record: Record<string, string> = {};
  for (const [key, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !(key in record)) record[key] = first;
  }
  return record;
}

/** The trace the worker stores with an activity: the engine's outcome and one line per rule. */
const TraceRuleSchema = z
  .object({
    ruleId: z.string(),
    ruleName: z.string(),
    position: z.number(),
    status: z.string(),
    matchedSpan: z.object({ start: z.number(), end: z.number() }).optional(),
    failedCondition: z.string().optional(),
    cooldownEndsAt: z.string().optional(),
    wouldHaveFired: z.boolean().optional(),
    wouldHaveBeen: z.string().optional(),
    error: z.string().optional(),
  })
  .loose();

export const ActivityTraceSchema = z.object({
  outcome: z.string().optional(),
  suppressedReason: z.string().optional(),
  rules: z.array(TraceRuleSchema).default([]),
});
export type ActivityTrace = z.infer<typeof ActivityTraceSchema>;
export type ActivityTraceRule = z.infer<typeof TraceRuleSchema>;
