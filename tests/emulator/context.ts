// Everything a request handler needs, created once per emulator instance.
import { Clock } from "./clock";
import { Delivery } from "./delivery";
import { FaultSwitches } from "./fault-switches";
import { ConnectionHub } from "./hub";
import { RequestLog } from "./request-log";
import { EmulatorState } from "./state";
import { DEFAULT_TIMINGS, type EmulatorTimings } from "./timings";
import { TokenStore } from "./tokens";

export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly clock: Clock;
  readonly timings: EmulatorTimings;
  readonly tokens: TokenStore;
  readonly faults: FaultSwitches;
  readonly log: RequestLog;
  readonly hub: ConnectionHub;
  readonly delivery: Delivery;
}

export function createContext(timings: Partial<EmulatorTimings> = {}): EmulatorContext {
  const state = new EmulatorState();
  const clock = new Clock();
  const hub = new ConnectionHub();
  const mergedTimings: EmulatorTimings = { ...DEFAULT_TIMINGS, ...timings };
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
  return {
    state,
    clock,
    timings: mergedTimings,
    tokens,
    faults: new FaultSwitches(),
    log: new RequestLog(),
    hub,
    delivery: new Delivery(state, hub),
  };
}
