// Registered webhooks (livechat-api.md 7.1). They belong to a Client ID, not to an organization:
// where they fire is decided per delivery (webhook-audience.ts). Once added, a webhook cannot be
// edited — unregister it and register a new one.
import type { AdditionalDataName, WebhookFilters } from "./webhook-catalogue";

export type WebhookType = "bot" | "license";

export interface WebhookRegistration {
  id: string;
  ownerClientId: string;
  action: string;
  type: WebhookType;
  url: string;
  secretKey: string;
  description?: string;
  filters?: WebhookFilters;
  additionalData?: AdditionalDataName[];
  /** The organization of the requester that registered it (the client's owner). */
  registeredBy: string;
  createdAt: string;
}

/** livechat-api.md 7.1, 8: 3 webhooks per `action` per Client ID. */
export const WEBHOOKS_PER_ACTION_AND_CLIENT = 3;

export class WebhookRegistry {
  private readonly byId = new Map<string, WebhookRegistration>();

  add(registration: WebhookRegistration): void {
    this.byId.set(registration.id, registration);
  }

  get(id: string): WebhookRegistration | undefined {
    return this.byId.get(id);
  }

  remove(id: string): boolean {
    return this.byId.delete(id);
  }

  list(filter: { ownerClientId?: string; action?: string } = {}): WebhookRegistration[] {
    return [...this.byId.values()].filter(
      (registration) =>
        (filter.ownerClientId === undefined || registration.ownerClientId === filter.ownerClientId) &&
        (filter.action === undefined || registration.action === filter.action),
    );
  }

  count(ownerClientId: string, action: string): number {
    return this.list({ ownerClientId, action }).length;
  }
}
