// Reads a request body up to a byte limit, before anything parses it. The declared length is checked
// first (refused without reading a byte), and the bytes are counted while they stream in, so a
// chunked body without `content-length` is cut off at the limit too: nothing ever holds more than
// the limit (plus one chunk) in memory.
import { AppError } from "../errors";

/** What every route handler that takes a body accepts unless it says otherwise: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** A rules file (`POST …/rules/import`) may hold up to 10,000 rules: 10 MiB. */
export const RULES_IMPORT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

function describeLimit(limitBytes: number): string {
  const mib = limitBytes / (1024 * 1024);
  const bytes = `${limitBytes.toLocaleString("en-US")} bytes`;
  return Number.isInteger(mib) ? `${mib} MB (${bytes})` : bytes;
}

/** A body over the limit: answered 413 `payload_too_large`. */
export class BodyTooLargeError extends AppError {
  override name = "BodyTooLargeError";
  constructor(readonly limitBytes: number) {
    super("payload_too_large", `The request body is larger than ${describeLimit(limitBytes)}, the most this endpoint accepts.`, {
      reason: "body_too_large",
    });
  }
}

/** Refuses at once a body whose declared length is over the limit. */
function checkDeclaredLength(request: Request, limitBytes: number): void {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
}

/** Calls `onChunk` for every chunk of the body; stops reading (and cancels the stream) past the limit. */
async function eachChunk(request: Request, limitBytes: number, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  checkDeclaredLength(request, limitBytes);
  if (!request.body) return;
  const reader = request.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    onChunk(value);
  }
}

/** The body's bytes, or BodyTooLargeError past `limitBytes`. */
export async function readLimitedBody(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  await eachChunk(request, limitBytes, (chunk) => chunks.push(chunk));
  return chunks.length === 0 ? new Uint8Array(0) : Buffer.concat(chunks);
}

/**
 * For handlers that take no body: whatever is sent is read and dropped, and a body over the limit
 * is refused like everywhere else, so every state-changing endpoint follows the same rule.
 */
export async function discardBody(request: Request, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<void> {
  await eachChunk(request, limitBytes, () => undefined);
}

/**
 * The same request with its body read (at most `limitBytes`) and held in memory, for handlers that
 * read bodies their own way (next-auth): they get a copy of what was sent, never more than the limit.
 */
export async function withLimitedBody<R extends Request>(
  request: R,
  rebuild: (init: { method: string; headers: Headers; body: Uint8Array<ArrayBuffer> }) => R,
  limitBytes = DEFAULT_BODY_LIMIT_BYTES,
): Promise<R> {
  if (!request.body) return request;
  const body = await readLimitedBody(request, limitBytes);
  return rebuild({ method: request.method, headers: request.headers, body });
}
