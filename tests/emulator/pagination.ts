// `page_id` handling of livechat-api.md 3.1/3.4: filters, limit and sort order come from the first
// request and cannot be combined with `page_id`; a page id lives one month.
import { validationError } from "./api-error";

const PAGE_ID_LIFETIME_MS = 31 * 24 * 3600 * 1000;

export interface PageState<F> {
  kind: string;
  filters: F;
  sortOrder: "asc" | "desc";
  limit: number;
  offset: number;
  issuedAtMs: number;
}

export function encodePageId<F>(state: PageState<F>): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

export function decodePageId<F>(pageId: string, kind: string, nowMs: number): PageState<F> {
  let state: PageState<F>;
  try {
    state = JSON.parse(Buffer.from(pageId, "base64url").toString("utf8")) as PageState<F>;
  } catch {
    throw validationError("`page_id` is invalid");
  }
  if (!state || state.kind !== kind || typeof state.offset !== "number" || typeof state.limit !== "number") {
    throw validationError("`page_id` is invalid");
  }
  if (nowMs - state.issuedAtMs > PAGE_ID_LIFETIME_MS) throw validationError("`page_id` has expired");
  return state;
}

export function rejectWithPageId(payload: Record<string, unknown>, fields: string[]): void {
  const given = fields.filter((field) => payload[field] !== undefined);
  if (given.length > 0) {
    throw validationError(`\`page_id\` cannot be combined with ${given.map((field) => `\`${field}\``).join(", ")}`);
  }
}

/** Slices one page and builds the neighbours' page ids. */
export function paginate<T, F>(items: T[], state: PageState<F>, nowMs: number) {
  const page = items.slice(state.offset, state.offset + state.limit);
  const next = state.offset + state.limit < items.length ? { ...state, offset: state.offset + state.limit, issuedAtMs: nowMs } : null;
  const previous = state.offset > 0 ? { ...state, offset: Math.max(0, state.offset - state.limit), issuedAtMs: nowMs } : null;
  return {
    page,
    ...(next ? { next_page_id: encodePageId(next) } : {}),
    ...(previous ? { previous_page_id: encodePageId(previous) } : {}),
  };
}
