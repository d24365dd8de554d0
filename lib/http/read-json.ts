// Reads a JSON request body: at most `limitBytes` (413 beyond, checked before parsing), UTF-8, and a
// body that is not JSON is the caller's mistake (400), not a crash.
import { AppError } from "../errors";
import { DEFAULT_BODY_LIMIT_BYTES, readLimitedBody } from "./limited-body";

export interface ReadJsonOptions {
  /** Larger bodies are refused with 413. Defaults to DEFAULT_BODY_LIMIT_BYTES (1 MiB). */
  limitBytes?: number;
}

const NOT_JSON = "The request body must be JSON.";

export async function readJsonBody(request: Request, options: ReadJsonOptions = {}): Promise<unknown> {
  const bytes = await readLimitedBody(request, options.limitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  let text: string;
  try {
    // RFC 8259 8.1: JSON exchanged between systems is UTF-8; a leading BOM is dropped.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", `${NOT_JSON} It is not valid UTF-8.`);
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", NOT_JSON);
  }
}
