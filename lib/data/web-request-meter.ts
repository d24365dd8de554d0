// The web app's LiveChat request counter: one buffer per process (kept across Next.js hot reloads),
// written every few seconds. Pass `webRequestMeter(orgId)` as `meter` to every LiveChat call the
// dashboard makes for an organization (livechat-api.md 10.1).
import { getDb } from "../db";
import { webEnv } from "../env";
import { createLogger } from "../log";
import type { RequestMeter } from "../livechat/request-meter";
import { statusClass, webMetrics } from "../web-metrics";
import { RequestCountBuffer } from "./request-counts";

const globalForMeter = globalThis as unknown as { __botdeskRequestCounts?: RequestCountBuffer };

export function webRequestCounts(): RequestCountBuffer {
  globalForMeter.__botdeskRequestCounts ??= new RequestCountBuffer(getDb(), {
    flushIntervalMs: 2_000,
    log: createLogger({ process: "web" }, { level: webEnv().LOG_LEVEL }),
  });
  return globalForMeter.__botdeskRequestCounts;
}

export function webRequestMeter(orgId: string): RequestMeter {
  const counts = webRequestCounts().meterFor(orgId);
  return {
    record: (request) => {
      webMetrics().livechatRequests.inc({ action: request.action, status: statusClass(request.status) });
      counts.record(request);
    },
  };
}
