// One inbox row per delivery: LiveChat's retries (livechat-api.md 7.2) and a second registration of
// the same action carry the same payload, so the key is the action and a hash of the payload, with
// keys sorted so their order cannot matter. `webhook_id` stays out: duplicates differ only there.
import crypto from "node:crypto";
import { canonicalJson } from "./canonical-json";

export function deliveryKey(action: string, payload: unknown): string {
  return `${action}:${crypto.createHash("sha256").update(canonicalJson(payload), "utf8").digest("base64url")}`;
}
