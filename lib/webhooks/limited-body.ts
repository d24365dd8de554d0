// Reads a request body up to a byte limit. The declared length is checked first, and the bytes are
// counted while they stream in, so a chunked body without `content-length` cannot get past it either.

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

export async function readLimitedBody(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(`The body is larger than ${limitBytes} bytes`);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`The body is larger than ${limitBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
