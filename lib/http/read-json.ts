// Reads a JSON request body: a body that is not JSON is the caller's mistake (400), not a crash.
import { AppError } from "../errors";

export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}
