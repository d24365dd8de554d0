// livechat-api.md 7.2: the envelope of every webhook delivery. The payload differs per action and is
// handed to the worker as it came; only the envelope is checked here.
import { z } from "zod";

export const WebhookDeliverySchema = z.looseObject({
  webhook_id: z.string().min(1).max(200),
  secret_key: z.string().min(1).max(1_000),
  action: z.string().min(1).max(100),
  organization_id: z.string().min(1).max(200),
  payload: z.record(z.string(), z.unknown()),
  additional_data: z.record(z.string(), z.unknown()).optional(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
