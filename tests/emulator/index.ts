// The LiveChat emulator: a real HTTP + websocket server that follows livechat-api.md, for tests
// and the demo. One origin serves the accounts service (authorize page `GET /`, `POST /v2/token`,
// `/v2/...`), the Configuration and Agent Web APIs (`/v3.6/...`), the RTM websocket
// (`/v3.6/agent/rtm/ws?organization_id=…`), the customer page (`/customer`) and the control API
// (`/_emulator/...`).
import type { AddressInfo } from "node:net";
import { createContext } from "./context";
import { Emulator } from "./emulator";
import type { SeedInput } from "./seed-schema";
import { createEmulatorServer } from "./server";
import type { EmulatorTimings } from "./timings";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  timings?: Partial<EmulatorTimings>;
  seed?: SeedInput;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const ctx = createContext(options.timings);
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
  const emulator = new Emulator(ctx, `http://${urlHost}:${port}`, () => {
    closing ??= new Promise<void>((resolve) => {
      ctx.webhooks.close();
      rtm.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  });
  started.emulator = emulator;
  if (options.seed) emulator.seed(options.seed);
  return emulator;
}

export { Emulator } from "./emulator";
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
