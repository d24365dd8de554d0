// One "process" of the several-processes refresh test: waits for the common start time, then asks
// for a fresh token three times at once and prints a hash of each answer.
import crypto from "node:crypto";
import { openDb } from "../../../lib/db";
import { getFreshAccessToken } from "../../../lib/data/fresh-access-token";

const input = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  credentialId: string;
  keys: { id: string; key: string }[];
  accounts: { accountsUrl: string; clientId: string; clientSecret: string };
  startAt: number;
};

const { db } = openDb({ url: input.url });
const keyring = input.keys.map((entry) => ({ id: entry.id, key: Buffer.from(entry.key, "base64") }));
await new Promise((resolve) => setTimeout(resolve, Math.max(0, input.startAt - Date.now())));
const results = await Promise.all(
  Array.from({ length: 3 }, () => getFreshAccessToken(input.credentialId, { db, keyring, accounts: input.accounts, pollIntervalMs: 20 })),
);
console.log(JSON.stringify(results.map((result) => crypto.createHash("sha256").update(result.accessToken).digest("hex"))));
await db.$disconnect();
