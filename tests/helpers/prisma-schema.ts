// A small reader of prisma/<provider>/schema.prisma for tests: models, their lines, and their columns.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const scalarTypes = new Set(["String", "Int", "BigInt", "Boolean", "DateTime", "Float", "Decimal", "Json", "Bytes"]);

export interface SchemaModel {
  /** Normalized, sorted lines of the model body (fields and @@ attributes), comments removed. */
  lines: string[];
  /** Scalar fields, i.e. the table's columns. */
  columns: string[];
}

export function readSchemaModels(provider: "sqlite" | "postgresql"): Map<string, SchemaModel> {
  const text = fs.readFileSync(path.join(root, "prisma", provider, "schema.prisma"), "utf8");
  const models = new Map<string, SchemaModel>();
  for (const match of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const lines = match[2]!
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim().replace(/\s+/g, " "))
      .filter(Boolean);
    const columns = lines
      .filter((line) => !line.startsWith("@@"))
      .map((line) => line.split(" "))
      .filter(([, type]) => scalarTypes.has((type ?? "").replace(/[?[\]]/g, "")))
      .map(([name]) => name!);
    models.set(match[1]!, { lines: [...lines].sort(), columns: columns.sort() });
  }
  return models;
}
