// The webhook machinery of one emulator (livechat-api.md 7): registrations, the dispatcher that
// matches actions to them, the sender with its retries, its fault switches and its delivery log.
import type { Clock } from "./clock";
import type { EventSources } from "./event-source";
import type { EmulatorState } from "./state";
import type { EmulatorTimings } from "./timings";
import type { TokenStore } from "./tokens";
import { WebhookDispatcher } from "./webhook-dispatch";
import { WebhookFaults } from "./webhook-faults";
import type { ObservedAction } from "./webhook-filters";
import { WebhookDeliveryLog } from "./webhook-log";
import { WebhookRegistry } from "./webhook-registry";
import { WebhookSender } from "./webhook-sender";

export class Webhooks {
  readonly registry = new WebhookRegistry();
  readonly faults = new WebhookFaults();
  readonly log = new WebhookDeliveryLog();
  readonly sender: WebhookSender;
  private readonly dispatcher: WebhookDispatcher;

  constructor(deps: { state: EmulatorState; tokens: TokenStore; clock: Clock; sources: EventSources; timings: () => EmulatorTimings }) {
    this.sender = new WebhookSender(deps.timings, this.faults, this.log);
    this.dispatcher = new WebhookDispatcher({ ...deps, registry: this.registry, sender: this.sender });
  }

  observe(observed: ObservedAction): void {
    this.dispatcher.observe(observed);
  }

  close(): void {
    this.sender.close();
  }
}
