// LiveChat request counts (livechat-api.md 10.1) are written in one statement per batch on both
// databases: new days and actions are inserted, known ones added to, HTTP 500 is not billed,
// failed requests are counted as such, and an organization deleted meanwhile loses its counts
// without failing the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestCountBuffer } from "../../../lib/data/request-counts";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";

describe.each<TestProvider>(["sqlite", "postgresql"])("request counts on %s", (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const counts = async (orgId: string) =>
    Object.fromEntries(
      (await database.db.liveChatRequestCount.findMany({ where: { orgId } })).map((row) => [`${row.day} ${row.action}`, [row.count, row.failed]]),
    );

  it("adds up batches by organization, day and action", async () => {
    const org = await database.db.organization.create({ data: { livechatOrganizationId: `lc-${provider}-1`, name: "One" } });
    let now = new Date("2026-12-07T23:59:00Z");
    const buffer = new RequestCountBuffer(database.db, { now: () => now, flushIntervalMs: 60_000 });
    const meter = buffer.meterFor(org.id);
    meter.record({ action: "send_event", status: 200 });
    meter.record({ action: "send_event", status: 422 });
    meter.record({ action: "list_chats", status: 500 }); // not billed
    await buffer.flush();
    meter.record({ action: "send_event", status: 200 });
    now = new Date("2026-12-08T00:01:00Z");
    meter.record({ action: "send_event", status: 0 });
    await buffer.flush();
    expect(await counts(org.id)).toEqual({ "2026-12-07 send_event": [3, 1], "2026-12-08 send_event": [1, 1] });
  });

  it("writes a thousand rows at once, and skips an organization deleted meanwhile", async () => {
    const kept = await database.db.organization.create({ data: { livechatOrganizationId: `lc-${provider}-2`, name: "Kept" } });
    const gone = await database.db.organization.create({ data: { livechatOrganizationId: `lc-${provider}-3`, name: "Gone" } });
    const buffer = new RequestCountBuffer(database.db, { now: () => new Date("2026-12-07T10:00:00Z"), flushIntervalMs: 60_000 });
    for (let index = 0; index < 1_000; index += 1) buffer.meterFor(kept.id).record({ action: `action_${index}`, status: 200 });
    buffer.meterFor(gone.id).record({ action: "send_event", status: 200 });
    await database.db.organization.delete({ where: { id: gone.id } });
    await buffer.flush();
    expect(await database.db.liveChatRequestCount.count({ where: { orgId: kept.id } })).toBe(1_000);
    expect(await database.db.liveChatRequestCount.count({ where: { orgId: gone.id } })).toBe(0);
  });
});
