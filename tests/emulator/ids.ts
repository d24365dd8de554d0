// Identifier and secret generators. Shapes follow the docs' examples (livechat-api.md 6.1: e-mails
// for agents, UUIDs for customers, 32-hex for bots; 10 upper-case characters for chats and threads)
// without promising them as rules: clients must treat every id as opaque.
import { randomBytes, randomInt, randomUUID } from "node:crypto";

const CHAT_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function newUuid(): string {
  return randomUUID();
}

export function newHexId(bytes = 16): string {
  return randomBytes(bytes).toString("hex");
}

export function newChatStyleId(): string {
  let id = "";
  for (let i = 0; i < 10; i += 1) id += CHAT_ID_ALPHABET[randomInt(CHAT_ID_ALPHABET.length)];
  return id;
}

export function newOpaqueSecret(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** Request ids of the accounts service's error bodies (livechat-api.md 1.9). */
export function newRequestId(): string {
  return randomUUID();
}
