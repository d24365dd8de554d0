import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";

describe.each<TestProvider>(["sqlite", "postgresql"])("test databases on %s", (provider) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of opened) await database.drop();
  });

  it("are migrated and isolated from each other", async () => {
    const [a, b] = await Promise.all([createTestDatabase(provider), createTestDatabase(provider)]);
    opened.push(a!, b!);
    await a!.db.organization.create({ data: { livechatOrganizationId: "only-in-a", name: "A" } });
    expect(await a!.db.organization.count()).toBe(1);
    expect(await b!.db.organization.count()).toBe(0);
  });
});
