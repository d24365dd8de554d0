// Errors LiveChat answered with, kept as LiveChat said them so the dashboard can show them.
// Web and Configuration API bodies are `{ error: { type, message, data? } }` (livechat-api.md
// 2.9, 3.8); the accounts service answers `{ error, error_description }` (1.9).

export class LiveChatError extends Error {
  override name = "LiveChatError";
  constructor(
    /** LiveChat's error type, e.g. `validation`, `too_many_requests`, `invalid_grant`. */
    readonly type: string,
    message: string,
    readonly status: number,
    readonly options: {
      retryAfterSeconds?: number;
      data?: unknown;
      action?: string;
      /** Our input field the error is about, when known (a LiveChat `validation` of a form field). */
      field?: string;
    } = {},
  ) {
    super(message);
  }

  /** Worth another attempt later: rate limits, server errors, timeouts. */
  get isRetryable(): boolean {
    return (
      this.status === 429 ||
      this.status >= 500 ||
      ["too_many_requests", "internal", "service_unavailable", "request_timeout", "network"].includes(this.type)
    );
  }
}

interface ErrorBody {
  error?: { type?: string; message?: string; data?: unknown } | string;
  error_description?: string;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Builds a LiveChatError from a non-2xx response (the body is read here). */
export async function liveChatErrorFromResponse(response: Response, action?: string): Promise<LiveChatError> {
  const text = await response.text().catch(() => "");
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: keep the status only
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  if (typeof body.error === "object" && body.error) {
    return new LiveChatError(
      body.error.type ?? "unknown",
      body.error.message ?? `LiveChat answered ${response.status}`,
      response.status,
      { retryAfterSeconds, data: body.error.data, action },
    );
  }
  if (typeof body.error === "string") {
    return new LiveChatError(body.error, body.error_description ?? body.error, response.status, { retryAfterSeconds, action });
  }
  return new LiveChatError("http_error", `LiveChat answered ${response.status}`, response.status, {
    retryAfterSeconds,
    action,
  });
}

/** A request that never got an answer (DNS, refused connection, timeout). */
export function networkError(error: unknown, action?: string): LiveChatError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LiveChatError("network", `LiveChat could not be reached (${reason})`, 0, { action });
}
