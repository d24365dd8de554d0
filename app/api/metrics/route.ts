import crypto from "node:crypto";
import { webEnv } from "@/lib/env";
import { webMetrics } from "@/lib/web-metrics";

export const dynamic = "force-dynamic";

function isAuthorized(header: string | null, token: string): boolean {
  const given = crypto.createHash("sha256").update(header ?? "").digest();
  const expected = crypto.createHash("sha256").update(`Bearer ${token}`).digest();
  return crypto.timingSafeEqual(given, expected);
}

// GET /api/metrics – Prometheus text for a scraper holding METRICS_TOKEN; 404 when none is set.
export async function GET(request: Request): Promise<Response> {
  const token = webEnv().METRICS_TOKEN;
  if (!token) return Response.json({ error: { code: "not_found", message: "Metrics are off: set METRICS_TOKEN to serve them." } }, { status: 404 });
  if (!isAuthorized(request.headers.get("authorization"), token)) {
    return Response.json({ error: { code: "unauthorized", message: "Send the metrics token as a bearer token." } }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const { registry } = webMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
