// Turns field-level validation problems into the one error the API answers with:
// 422 `{ error: { code: "validation", message, field, details: { errors: [...], moreErrors } } }`.
// The list is bounded: however many problems an input has, the answer names the first
// MAX_REPORTED_ERRORS and counts the rest.
import type { z } from "zod";
import { AppError } from "../errors";
import { MAX_REPORTED_ERRORS, type RuleValidationError, type RuleValidationErrors } from "../validation/rule";

export { MAX_REPORTED_ERRORS };

function describe(error: RuleValidationError): string {
  const where = [error.ruleIndex !== undefined ? `Rule ${error.ruleIndex + 1}${error.ruleName ? ` “${error.ruleName}”` : ""}` : "", error.field]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${error.message}` : error.message;
}

/**
 * `errors` may be the first problems only: `total` says how many there were in all (default: the
 * list's own `total`, as lib/validation/rule.ts counts it, or its length).
 */
export function validationError(errors: readonly RuleValidationError[] | RuleValidationErrors, total = (errors as RuleValidationErrors).total ?? errors.length): AppError {
  const first = errors[0];
  const listed = errors.slice(0, MAX_REPORTED_ERRORS);
  const others = Math.max(total, errors.length) - 1;
  const more = others > 0 ? ` (and ${others.toLocaleString("en-US")} more problem${others > 1 ? "s" : ""})` : "";
  const moreErrors = Math.max(total, errors.length) - listed.length;
  return new AppError("validation", first ? `${describe(first)}${more}` : "The input is not valid.", {
    ...(first?.field ? { field: first.field } : {}),
    errors: listed,
    ...(moreErrors > 0 ? { moreErrors } : {}),
  });
}

/** Field-level errors of a zod failure (paths joined with dots). */
export function zodErrors(error: z.ZodError): RuleValidationError[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
}
