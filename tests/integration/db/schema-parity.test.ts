import { describe, expect, it } from "vitest";
import { readSchemaModels } from "../../helpers/prisma-schema";

const readModels = (provider: "sqlite" | "postgresql") =>
  new Map([...readSchemaModels(provider)].map(([name, model]) => [name, model.lines]));

describe("the SQLite and PostgreSQL schemas", () => {
  it("define the same models with the same fields, types, attributes and indexes", () => {
    const sqlite = readModels("sqlite");
    const postgres = readModels("postgresql");
    expect(sqlite.size).toBeGreaterThan(10);
    expect([...postgres.keys()].sort()).toEqual([...sqlite.keys()].sort());
    for (const [model, fields] of sqlite) {
      expect(postgres.get(model), `model ${model}`).toEqual(fields);
    }
  });

  it("cover what the product needs", () => {
    const models = readModels("sqlite");
    for (const name of [
      "User", "Organization", "Membership", "Credential", "Bot", "Rule", "HandledEvent",
      "Activity", "AuditLog", "WorkerHeartbeat", "OrgLease", "OrgConnection",
    ]) {
      expect(models.has(name), name).toBe(true);
    }
    expect(models.get("HandledEvent")).toContain("@@unique([livechatEventId, botId])");
  });
});
