// Every request Botdesk makes to LiveChat is billed for private apps, failed ones too except
// HTTP 500 (livechat-api.md 10.1). Callers hand a meter to the LiveChat clients; the clients report
// each request they sent, with the `Legacy` / `Deprecation` headers LiveChat answered with (10.2).
// The meter only buffers: writing the counts is never on the path of a reply.

export interface MeteredRequest {
  /** The action (`send_event`, `list_chats`, `refresh_token`, …). */
  action: string;
  /** HTTP status, 0 when no answer came (network error, timeout). */
  status: number;
  /** LiveChat's `Legacy` and `Deprecation` answer headers, when present (livechat-api.md 10.2). */
  notices?: { header: "Legacy" | "Deprecation"; value: string }[];
}

export interface RequestMeter {
  record(request: MeteredRequest): void;
}

/** Reads the version-lifecycle headers of an answer (livechat-api.md 10.2). */
export function lifecycleNotices(headers: Headers): MeteredRequest["notices"] {
  const notices: NonNullable<MeteredRequest["notices"]> = [];
  for (const header of ["Legacy", "Deprecation"] as const) {
    const value = headers.get(header);
    if (value) notices.push({ header, value: value.slice(0, 200) });
  }
  return notices.length > 0 ? notices : undefined;
}
