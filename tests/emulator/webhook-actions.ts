// Configuration API webhook actions (livechat-api.md 7.1): `register_webhook`, `list_webhooks`,
// `unregister_webhook`, and the unauthenticated `list_webhook_names`.
import { ApiError, validationError } from "./api-error";
import type { ConfigAction } from "./bot-actions";
import type { EmulatorContext } from "./context";
import { newHexId } from "./ids";
import type { Client } from "./model";
import { requireAnyScope, type Requester } from "./requester";
import { parsePayload } from "./validate";
import { ADDITIONAL_DATA, FILTER_NAMES, WEBHOOK_ACTIONS, WITHOUT_ADDITIONAL_DATA, webhookKind } from "./webhook-catalogue";
import { WEBHOOKS_PER_ACTION_AND_CLIENT, type WebhookRegistration } from "./webhook-registry";
import { listWebhookNamesSchema, listWebhooksSchema, registerWebhookSchema, unregisterWebhookSchema, webhookView } from "./webhook-schemas";

/**
 * livechat-api.md 7.1 names the scope of `register_webhook`; `list_webhooks` and
 * `unregister_webhook` are NOT DOCUMENTED here — stricter: they need the same scope.
 */
export const WEBHOOKS_SCOPE = "webhooks.configuration:rw";

/**
 * livechat-api.md 7.1: `owner_client_id` "must belong to your organization". An unknown client and
 * another organization's client get the same `authorization` error (the error type is NOT
 * DOCUMENTED; `authorization` — "not allowed" — is the documented type that fits, and answering
 * both alike does not reveal which Client IDs exist).
 */
function requireOwnClient(ctx: EmulatorContext, requester: Requester, clientId: string): Client {
  const client = ctx.state.clients.get(clientId);
  if (!client || client.organizationId !== requester.organizationId) {
    throw new ApiError("authorization", "`owner_client_id` does not belong to your organization");
  }
  return client;
}

export const registerWebhook: ConfigAction = (ctx, requester, payload) => {
  const action = payload !== null && typeof payload === "object" ? (payload as Record<string, unknown>).action : undefined;
  const input = parsePayload(registerWebhookSchema(webhookKind(action)), payload);
  requireAnyScope(requester, [WEBHOOKS_SCOPE]);
  requireOwnClient(ctx, requester, input.owner_client_id);
  if (input.additional_data !== undefined && input.additional_data.length > 0 && WITHOUT_ADDITIONAL_DATA.has(input.action)) {
    throw validationError(`\`additional_data\` is not available for \`${input.action}\``);
  }
  const { registry } = ctx.webhooks;
  if (registry.count(input.owner_client_id, input.action) >= WEBHOOKS_PER_ACTION_AND_CLIENT) {
    throw new ApiError("limit_reached", `At most ${WEBHOOKS_PER_ACTION_AND_CLIENT} webhooks per action per Client ID`);
  }
  const registration: WebhookRegistration = {
    id: newHexId(16),
    ownerClientId: input.owner_client_id,
    action: input.action,
    type: input.type,
    url: input.url,
    secretKey: input.secret_key,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.filters !== undefined ? { filters: input.filters } : {}),
    ...(input.additional_data !== undefined ? { additionalData: [...new Set(input.additional_data)] } : {}),
    registeredBy: requester.organizationId,
    createdAt: ctx.clock.timestamp(),
  };
  registry.add(registration);
  return { id: registration.id };
};

export const listWebhooks: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(listWebhooksSchema, payload);
  requireAnyScope(requester, [WEBHOOKS_SCOPE]);
  requireOwnClient(ctx, requester, input.owner_client_id);
  return ctx.webhooks.registry.list({ ownerClientId: input.owner_client_id }).map(webhookView);
};

export const unregisterWebhook: ConfigAction = (ctx, requester, payload) => {
  const input = parsePayload(unregisterWebhookSchema, payload);
  requireAnyScope(requester, [WEBHOOKS_SCOPE]);
  requireOwnClient(ctx, requester, input.owner_client_id);
  const registration = ctx.webhooks.registry.get(input.id);
  // Another client's webhook is as unknown as a made-up id.
  if (!registration || registration.ownerClientId !== input.owner_client_id) throw new ApiError("not_found", "Webhook not found");
  ctx.webhooks.registry.remove(registration.id);
  return {};
};

/** livechat-api.md 7.1: `list_webhook_names` (`version`, no auth) lists actions and their filters. */
export function listWebhookNames(payload: unknown): unknown {
  const input = parsePayload(listWebhookNamesSchema, payload);
  if (input.version !== undefined && input.version !== "3.6") throw new ApiError("unsupported_version", `Unsupported version ${input.version}`);
  return WEBHOOK_ACTIONS.map((action) => {
    const kind = webhookKind(action) ?? "configuration";
    return {
      action,
      filters: [...FILTER_NAMES[kind]],
      additional_data: WITHOUT_ADDITIONAL_DATA.has(action) ? [] : [...ADDITIONAL_DATA],
    };
  });
}
