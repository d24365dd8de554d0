// Turns field-level validation problems into the one error the API answers with:
// 422 `{ error: { code: "validation", message, field, details: { errors: [...] } } }`.
import type { z } from "zod";
import { AppError } from "../errors";
import type { RuleValidationError } from "../validation/rule";

function describe(error: RuleValidationError): string {
  const where = [error.ruleIndex !== undefined ? `Rule ${error.ruleIndex + 1}${error.ruleName ? ` “${error.ruleName}”` : ""}` : "", error.field]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${error.message}` : error.message;
}

export function validationError(errors: RuleValidationError[]): AppError {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""})` : "";
  return new AppError("validation", first ? `${describe(first)}${more}` : "The input is not valid.", {
    ...(first?.field ? { field: first.field } : {}),
    errors,
  });
}

/** Field-level errors of a zod failure (paths joined with dots). */
export function zodErrors(error: z.ZodError): RuleValidationError[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
}
