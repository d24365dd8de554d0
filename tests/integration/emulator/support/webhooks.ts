// Webhook helpers: register through the Configuration API, and wait until deliveries settle.
import { expect } from "vitest";
import { DEMO_CLIENT_ID } from "@/tests/emulator";
import type { World } from "./fixtures";
import { callApi } from "./http";

export interface RegisterOptions {
  action: string;
  url: string;
  type?: "bot" | "license";
  secretKey?: string;
  ownerClientId?: string;
  filters?: Record<string, unknown>;
  additionalData?: string[];
  description?: string;
  token?: string;
}

export async function registerWebhook(world: World, options: RegisterOptions): Promise<string> {
  const result = await callApi<{ id: string }>(world.emulator, "configuration", "register_webhook", options.token ?? world.adminToken, {
    action: options.action,
    url: options.url,
    type: options.type ?? "license",
    secret_key: options.secretKey ?? "s3cret",
    owner_client_id: options.ownerClientId ?? DEMO_CLIENT_ID,
    ...(options.filters ? { filters: options.filters } : {}),
    ...(options.additionalData ? { additional_data: options.additionalData } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  if (result.status !== 200) throw new Error(`register_webhook failed: ${JSON.stringify(result.body)}`);
  return result.body.id;
}

/** Waits until no delivery is in flight or waiting for a retry. */
export async function settled(world: World): Promise<void> {
  await expect.poll(() => world.emulator.pendingWebhookDeliveries(), { timeout: 10_000, interval: 20 }).toBe(0);
}
