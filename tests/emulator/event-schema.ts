// Events an agent or bot may send with `send_event` (livechat-api.md 3.2, 6.3).
import { z } from "zod";
import { validationError } from "./api-error";
import { visibilityEnum } from "./validate";

/** livechat-api.md 3.2: message `text` is at most 16 KB of raw UTF-8. */
export const MAX_TEXT_BYTES = 16 * 1024;

const properties = z.record(z.string(), z.record(z.string(), z.unknown()));

const common = {
  visibility: visibilityEnum.optional(),
  custom_id: z.string().max(256).optional(),
  properties: properties.optional(),
};

const postback = z.strictObject({
  id: z.string(),
  thread_id: z.string(),
  event_id: z.string(),
  type: z.string().optional(),
  value: z.string().optional(),
  ecommerce: z.unknown().optional(),
});

const button = z.strictObject({
  text: z.string(),
  type: z.enum(["webview", "message", "url", "phone"]),
  value: z.string(),
  postback_id: z.string(),
  user_ids: z.array(z.string()),
  webview_height: z.enum(["compact", "tall", "full"]).optional(),
  target: z.enum(["new_window", "current_window"]).optional(),
});

const element = z.strictObject({
  title: z.string().optional(),
  subtitle: z.string().optional(),
  image: z.strictObject({ url: z.string(), name: z.string().optional(), alternative_text: z.string().optional() }).optional(),
  buttons: z.array(button).max(13).optional(),
  ecommerce: z.unknown().optional(),
});

export const sendableEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("message"), text: z.string().min(1), postback: postback.optional(), ...common }),
  z.strictObject({
    type: z.literal("rich_message"),
    template_id: z.enum(["cards", "sticker", "quick_replies", "ecommerce"]),
    elements: z.array(element).min(1).max(10),
    ...common,
  }),
  z.strictObject({ type: z.literal("custom"), content: z.unknown(), ...common }),
]);

export type SendableEvent = z.infer<typeof sendableEventSchema>;

export function checkTextSize(event: SendableEvent): void {
  if (event.type === "message" && Buffer.byteLength(event.text, "utf8") > MAX_TEXT_BYTES) {
    throw validationError("`event.text` is too long: at most 16 KB of UTF-8");
  }
}
