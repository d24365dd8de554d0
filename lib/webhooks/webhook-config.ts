// Where LiveChat delivers this installation's webhooks, read from the web configuration once.
import { webEnv, type EncryptionKey, type WebEnv } from "../env";

/** The receiver's path under NEXTAUTH_URL (app/api/livechat/webhooks/route.ts). */
export const WEBHOOK_PATH = "/api/livechat/webhooks";

export interface WebhookConfig {
  /** Our Client ID: one installation, and one set of registrations, per Client ID (livechat-api.md 7.1). */
  clientId: string;
  apiUrl: string;
  /** Where deliveries go; null when LIVECHAT_WEBHOOK_URL is `off`. */
  url: string | null;
  keyring: readonly EncryptionKey[];
}

export function webhookConfigFrom(
  env: Pick<WebEnv, "LIVECHAT_CLIENT_ID" | "LIVECHAT_API_URL" | "NEXTAUTH_URL" | "LIVECHAT_WEBHOOK_URL" | "TOKEN_ENCRYPTION_KEYS">,
): WebhookConfig {
  const setting = env.LIVECHAT_WEBHOOK_URL;
  return {
    clientId: env.LIVECHAT_CLIENT_ID,
    apiUrl: env.LIVECHAT_API_URL,
    url: setting === "off" ? null : (setting ?? `${env.NEXTAUTH_URL}${WEBHOOK_PATH}`),
    keyring: env.TOKEN_ENCRYPTION_KEYS,
  };
}

export function webhookConfig(): WebhookConfig {
  return webhookConfigFrom(webEnv());
}
