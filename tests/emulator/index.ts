// The LiveChat emulator: a real HTTP + websocket server that follows livechat-api.md, for tests
// and the demo. One origin serves the accounts service (authorize page `GET /`, `POST /v2/token`,
// `/v2/...`), the Configuration and Agent Web APIs (`/v3.6/...`), the RTM websocket
// (`/v3.6/agent/rtm/ws?organization_id=…`), the customer page (`/customer`) and the control API
// (`/_emulator/...`).
import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createContext } from "./context";
import { Emulator } from "./emulator";
import { refreshSeedClients } from "./seed";
import type { SeedInput } from "./seed-schema";
import { createEmulatorServer } from "./server";
import { readStateFile, restoreState, serializeState, StateFileError } from "./state-file";
import { StateSaver } from "./state-saver";
import type { EmulatorTimings } from "./timings";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  timings?: Partial<EmulatorTimings>;
  /** Applied to a fresh state only: not when the state was loaded from `stateFile`. */
  seed?: SeedInput;
  /**
   * Keep the LiveChat data in this JSON file (`--state-file`): loaded at start when it exists (a
   * file that cannot be loaded whole is an error), seeded and written when it does not, saved
   * shortly after every change and on `close()`. Omitted: in memory only, as before.
   */
  stateFile?: string;
  /** With `stateFile` (`--reset`): delete the file first and start from `seed`. */
  resetState?: boolean;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (options.resetState && !options.stateFile) throw new Error("`resetState` needs a `stateFile`");
  const stateFile = options.stateFile ? path.resolve(options.stateFile) : undefined;
  const ctx = createContext(options.timings);
  // Before listening: a file that cannot be loaded stops the start with nothing left open.
  if (stateFile && options.resetState) await rm(stateFile, { force: true });
  const saved = stateFile ? await readStateFile(stateFile) : null;
  if (saved) restoreState(ctx, saved);
  const saver = stateFile ? new StateSaver(stateFile, () => serializeState(ctx)) : null;
  // The control API needs the Emulator, which needs the listening server's address.
  const started: { emulator?: Emulator } = {};
  const { server, rtm } = createEmulatorServer(ctx, () => {
    if (!started.emulator) throw new Error("The emulator is not started yet");
    return started.emulator;
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const closeWithoutSaving = () =>
    new Promise<void>((resolve) => {
      ctx.changes.listen(null);
      ctx.webhooks.close();
      rtm.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const emulator = new Emulator(
    ctx,
    `http://${urlHost}:${port}`,
    () => {
      // The state file is saved last: after the sockets closed (humans went offline).
      closing ??= closeWithoutSaving().then(() => saver?.close());
      return closing;
    },
    saver && { file: saver.file, loaded: saved !== null, save: () => saver.save() },
  );
  started.emulator = emulator;
  try {
    if (saved) {
      if (options.seed) refreshSeedClients(ctx, options.seed);
    } else if (options.seed) {
      emulator.seed(options.seed);
    }
  } catch (error) {
    // An invalid seed: nothing is left listening.
    await closeWithoutSaving();
    throw error;
  }
  if (saver) {
    try {
      await saver.save();
    } catch (error) {
      await closeWithoutSaving();
      throw new StateFileError(saver.file, `it cannot be written (${error instanceof Error ? error.message : String(error)})`, "Check the path and its permissions.");
    }
    ctx.changes.listen(() => saver.changed());
  }
  return emulator;
}

export { Emulator } from "./emulator";
export { StateFileError } from "./state-file";
export { SAVE_DELAY_MS, SAVE_MAX_WAIT_MS, type SaveTiming } from "./state-saver";
export type { BotSummary, ChatListEntry, EmulatorStats, IssueTokensOptions, OrganizationSummary, TokenSet, WebhookSummary } from "./emulator";
export type { ApiNoticeOptions } from "./api-notices";
export { UNKNOWN_ORGANIZATION, type RequestCounts } from "./billing";
export type { WebhookDropOptions } from "./webhook-faults";
export type { WebhookDeliveryFilter, WebhookDeliveryLogEntry } from "./webhook-log";
export type { WebhookFilters } from "./webhook-catalogue";
export type { EmulatorFaults, OrganizationFilter } from "./fault-actions";
export type { ApiErrorFaultOptions, CountedFaultOptions, FaultSurface } from "./fault-switches";
export type { OrganizationSocketStats } from "./hub";
export type { PushLogEntry, RequestLogEntry, RequestLogFilter, Surface } from "./request-log";
export type { JoinOptions, StartChatInput, StartChatResult } from "./customer-chat";
export type { ChatSnapshot, Transcript, TranscriptEvent } from "./transcript";
export type { AgentSeed, BotSeed, ClientSeed, OrganizationSeed, SeedInput, SeedResult } from "./seed-schema";
export type { EmulatorTimings } from "./timings";
export { DEFAULT_TIMINGS, MAX_WEBHOOK_RETRIES } from "./timings";
export { ControlError } from "./control-error";
export { ALL_DOCUMENTED_SCOPES, BOT_TOKEN_SCOPES, DOCUMENTED_SCOPES } from "./scopes";
export { HTTP_STATUS_BY_ERROR_TYPE, type ApiErrorType } from "./api-error";
export { OAUTH_HTTP_STATUS } from "./oauth-error";
export {
  DEMO_ACCOUNTS,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_LICENSE_ID,
  DEMO_ORGANIZATION_ID,
  DEMO_REDIRECT_URI,
  buildDemoSeed,
  demoSeed,
} from "./demo-seed";
export { clientSeed, organizationSeed, scopesForRole } from "./seed-builders";
