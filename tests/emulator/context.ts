// Everything a request handler needs, created once per emulator instance.
import { ApiNotices } from "./api-notices";
import { RequestCounter } from "./billing";
import { ChangeSignal } from "./changes";
import { Clock } from "./clock";
import { Delivery } from "./delivery";
import { EventSources } from "./event-source";
import { FaultSwitches } from "./fault-switches";
import { ConnectionHub } from "./hub";
import { RequestLog } from "./request-log";
import { EmulatorState } from "./state";
import { DEFAULT_TIMINGS, copyTimings, type EmulatorTimings } from "./timings";
import { TokenStore } from "./tokens";
import { Webhooks } from "./webhooks";

export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly clock: Clock;
  readonly timings: EmulatorTimings;
  readonly tokens: TokenStore;
  readonly faults: FaultSwitches;
  readonly log: RequestLog;
  readonly hub: ConnectionHub;
  readonly delivery: Delivery;
  /** Who is acting right now (webhook `source_type`, configuration webhooks' `requester`). */
  readonly sources: EventSources;
  readonly webhooks: Webhooks;
  /** What LiveChat would bill (livechat-api.md 10.1). */
  readonly billing: RequestCounter;
  /** `Legacy` / `Deprecation` headers on Web and Configuration API answers (10.2). */
  readonly notices: ApiNotices;
  /** Raised after anything that may have changed the LiveChat data (saved by a state file). */
  readonly changes: ChangeSignal;
}

export function createContext(timings: Partial<EmulatorTimings> = {}): EmulatorContext {
  const state = new EmulatorState();
  const clock = new Clock();
  const hub = new ConnectionHub();
  const mergedTimings: EmulatorTimings = copyTimings({ ...DEFAULT_TIMINGS, ...timings });
  const tokens = new TokenStore(
    clock,
    () => mergedTimings,
    (invalidated, reason) => {
      const values = new Set(invalidated.map((token) => token.token));
      for (const peer of hub.all()) {
        if (peer.session && values.has(peer.session.accessToken)) peer.checkToken(reason);
      }
    },
  );
  const sources = new EventSources();
  const webhooks = new Webhooks({ state, tokens, clock, sources, timings: () => mergedTimings });
  const billing = new RequestCounter();
  return {
    state,
    clock,
    timings: mergedTimings,
    tokens,
    faults: new FaultSwitches(),
    log: new RequestLog((entry) => billing.count(entry)),
    hub,
    delivery: new Delivery(state, hub, (observed) => webhooks.observe(observed)),
    sources,
    webhooks,
    billing,
    notices: new ApiNotices(),
    changes: new ChangeSignal(),
  };
}
