// The receiver's pure parts: delivery keys, the body size limit, the envelope, the secret check.
import { describe, expect, it } from "vitest";
import { deliveryKey } from "../../../lib/webhooks/delivery-key";
import { WebhookDeliverySchema } from "../../../lib/webhooks/delivery-schema";
import { BodyTooLargeError, readLimitedBody } from "../../../lib/http/limited-body";
import { secretDigest } from "../../../lib/webhooks/secret-cache";
import { isSameSecret } from "../../../lib/webhooks/verify-secret";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe("deliveryKey", () => {
  it("is the same for the same payload whatever the key order", () => {
    const a = deliveryKey("incoming_event", { chat_id: "C", event: { id: "E", text: "hi" } });
    const b = deliveryKey("incoming_event", { event: { text: "hi", id: "E" }, chat_id: "C" });
    expect(a).toBe(b);
    expect(a.startsWith("incoming_event:")).toBe(true);
  });

  it("differs between actions and between payloads", () => {
    const payload = { chat_id: "C", thread_id: "T" };
    expect(deliveryKey("incoming_chat", payload)).not.toBe(deliveryKey("chat_deactivated", payload));
    expect(deliveryKey("incoming_chat", payload)).not.toBe(deliveryKey("incoming_chat", { ...payload, thread_id: "U" }));
  });
});

describe("readLimitedBody", () => {
  it("refuses a declared length over the limit before reading anything", async () => {
    let pulled = false;
    const body = new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const request = new Request("http://x/", { method: "POST", body, headers: { "content-length": "2000" }, duplex: "half" } as RequestInit);
    await expect(readLimitedBody(request, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBe(false);
  });

  it("counts streamed bytes when no length is declared", async () => {
    const chunks = Array.from({ length: 5 }, () => new Uint8Array(300));
    const request = new Request("http://x/", { method: "POST", body: streamOf(chunks), duplex: "half" } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    await expect(readLimitedBody(request, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("returns a body within the limit", async () => {
    const request = new Request("http://x/", { method: "POST", body: streamOf([new Uint8Array([1, 2]), new Uint8Array([3])]), duplex: "half" } as RequestInit);
    expect([...(await readLimitedBody(request, 3))]).toEqual([1, 2, 3]);
  });
});

describe("the delivery envelope", () => {
  const envelope = { webhook_id: "w", secret_key: "k", action: "incoming_chat", organization_id: "o", payload: { chat: {} } };

  it("takes livechat-api.md 7.2's fields, additional_data optional", () => {
    expect(WebhookDeliverySchema.safeParse(envelope).success).toBe(true);
    expect(WebhookDeliverySchema.safeParse({ ...envelope, additional_data: { chat_presence_user_ids: [] } }).success).toBe(true);
  });

  it.each(["webhook_id", "secret_key", "action", "organization_id", "payload"])("refuses one without %s", (field) => {
    const { [field as keyof typeof envelope]: _left, ...rest } = envelope;
    expect(WebhookDeliverySchema.safeParse(rest).success).toBe(false);
  });
});

describe("isSameSecret", () => {
  it("compares digests, so keys of any length are compared without throwing", () => {
    const expected = secretDigest("the right secret");
    expect(isSameSecret("the right secret", expected)).toBe(true);
    expect(isSameSecret("the right secreT", expected)).toBe(false);
    expect(isSameSecret("x", expected)).toBe(false);
    expect(isSameSecret("the right secret and more", expected)).toBe(false);
  });
});
