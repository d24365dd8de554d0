import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** The dashboard and what it depends on: 503 names the dependency that failed. */
export async function GET() {
  const checks: Record<string, { ok: boolean; message?: string }> = {};
  try {
    await Promise.race([
      getDb().$queryRawUnsafe("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 2 s")), 2_000).unref()),
    ]);
    checks.database = { ok: true };
  } catch (error) {
    checks.database = { ok: false, message: `The database is not reachable (${error instanceof Error ? error.message.split("\n")[0] : "error"}).` };
  }
  const failed = Object.entries(checks).filter(([, check]) => !check.ok).map(([name]) => name);
  return NextResponse.json(failed.length === 0 ? { status: "ok", checks } : { status: "error", failed, checks }, {
    status: failed.length === 0 ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
