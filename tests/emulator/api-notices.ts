// livechat-api.md 10.2: answers of a legacy or deprecated API version carry `Legacy` /
// `Deprecation` headers with the end date. A switch makes every Configuration and Agent Web API
// answer (errors included) carry them, so a client can be tested for logging and showing them.
import { z } from "zod";

/** A header value: visible ASCII and spaces, nothing that could split the header. */
const headerValue = z.string().min(1).max(200).regex(/^[\x20-\x7e]+$/, "expected printable ASCII");

export const apiNoticesSchema = z.strictObject({ legacy: headerValue.optional(), deprecation: headerValue.optional() });

export type ApiNoticeOptions = z.infer<typeof apiNoticesSchema>;

export class ApiNotices {
  private current: ApiNoticeOptions = {};

  /** Replaces the notices; `{}` turns them off. */
  set(options: ApiNoticeOptions): void {
    const parsed = apiNoticesSchema.parse(options);
    this.current = { ...parsed };
  }

  get(): ApiNoticeOptions {
    return { ...this.current };
  }

  headers(): Record<string, string> {
    return {
      ...(this.current.legacy !== undefined ? { Legacy: this.current.legacy } : {}),
      ...(this.current.deprecation !== undefined ? { Deprecation: this.current.deprecation } : {}),
    };
  }

  clear(): void {
    this.current = {};
  }
}
