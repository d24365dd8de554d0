import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Liveness of the web process and its database. */
export async function GET() {
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    return NextResponse.json({ status: "ok" });
  } catch {
    return NextResponse.json({ status: "error", message: "The database is not reachable." }, { status: 503 });
  }
}
