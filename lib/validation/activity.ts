// Schemas for the Activity feed, rule statistics and audit log APIs: search params in, views out.
import { z } from "zod";

export const ACTIVITY_OUTCOMES = ["replied", "handed_over", "tagged", "suppressed", "no_match", "failed", "missed"] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

const optionalId = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((value) => (value ? value : undefined));

/** `?bot=&rule=&outcome=&cursor=&limit=` of `GET /api/orgs/[orgId]/activity`. */
export const ActivitySearchParamsSchema = z.object({
  bot: optionalId,
  rule: optionalId,
  outcome: z.enum(ACTIVITY_OUTCOMES).optional().catch(undefined),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ActivitySearchParams = z.infer<typeof ActivitySearchParamsSchema>;

/** `?cursor=` of `GET /api/orgs/[orgId]/audit`. */
export const AuditSearchParamsSchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `?bot=` of `GET /api/orgs/[orgId]/stats/rules`. */
export const RuleStatsSearchParamsSchema = z.object({ bot: optionalId });

export const ActivityParamsSchema = z.object({ orgId: z.string().min(1), activityId: z.string().min(1).max(64) });

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
