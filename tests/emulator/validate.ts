// zod at the boundary: every request payload is parsed here, and the first issue becomes a
// `validation` error worded like the docs' sample ("`name` is required", livechat-api.md 2.9).
import { z } from "zod";
import { validationError } from "./api-error";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describePath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === "number" ? `[${key}]` : String(key))).join(".").replace(/\.\[/g, "[");
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw validationError("Invalid payload");
  const name = describePath(issue.path);
  if (issue.code === "unrecognized_keys") {
    // Unknown parameters are refused (stricter than silently ignoring them: a typo or a
    // parameter from another API version, such as v3.5's `author_id`, shows up at once).
    const fields = issue.keys.map((key) => `\`${name ? `${name}.` : ""}${key}\``).join(", ");
    throw validationError(`Unknown parameter ${fields}`);
  }
  if (!name) throw validationError(`Invalid payload: ${issue.message}`);
  if (valueAt(payload, issue.path) === undefined && issue.code !== "custom") {
    throw validationError(`\`${name}\` is required`);
  }
  throw validationError(`\`${name}\` is invalid: ${issue.message}`);
}

export const priorityEnum = z.enum(["first", "normal", "last", "supervisor"]);
export const visibilityEnum = z.enum(["all", "agents"]);
