// zod schemas for everything the worker reads from LiveChat: the data structures of
// livechat-api.md 6 (users, events, threads, chats, summaries), the RTM envelope of 4.2 and the
// push payloads of 5. Objects are "loose": LiveChat may add fields, we keep what we know.
// `parseRtmFrame` never throws: a malformed or unknown frame comes back as a value to log and skip.
import { z } from "zod";

// ── Data structures (livechat-api.md 6) ────────────────────────────────────────────────────────

const AccessSchema = z.looseObject({ group_ids: z.array(z.number().int()).default([]) });

/** 6.1: chat users are `customer` or `agent`; bots are agents and are told apart by id. */
export const ChatUserSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  present: z.boolean().optional(),
  visibility: z.string().optional(),
});
export type ChatUser = z.infer<typeof ChatUserSchema>;

/** 6.3: every event has an id, a type and a creation time; `author_id` all but system ones. */
export const ChatEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created_at: z.string().min(1),
  author_id: z.string().optional(),
  text: z.string().optional(),
  custom_id: z.string().optional(),
  visibility: z.string().optional(),
});
export type ChatEvent = z.infer<typeof ChatEventSchema>;

/** 6.2: `events` is absent when the requester has restricted access. */
export const ThreadSchema = z.looseObject({
  id: z.string().min(1),
  active: z.boolean(),
  created_at: z.string().optional(),
  user_ids: z.array(z.string()).optional(),
  events: z.array(ChatEventSchema).optional(),
  access: AccessSchema.optional(),
  tags: z.array(z.string()).optional(),
  previous_thread_id: z.string().optional(),
  next_thread_id: z.string().optional(),
});
export type Thread = z.infer<typeof ThreadSchema>;

/** 6.2 Chat (`get_chat`, `incoming_chat`): one thread, the current users. */
export const ChatSchema = z.looseObject({
  id: z.string().min(1),
  users: z.array(ChatUserSchema).default([]),
  thread: ThreadSchema.optional(),
  access: AccessSchema.optional(),
  is_followed: z.boolean().optional(),
});
export type Chat = z.infer<typeof ChatSchema>;

/** 6.2 Chat summary (`list_chats`, `login`). */
export const ChatSummarySchema = z.looseObject({
  id: z.string().min(1),
  users: z.array(ChatUserSchema).default([]),
  last_thread_summary: z
    .looseObject({
      id: z.string().min(1),
      created_at: z.string().optional(),
      user_ids: z.array(z.string()).optional(),
      active: z.boolean().optional(),
      access: AccessSchema.optional(),
    })
    .optional(),
  access: AccessSchema.optional(),
  is_followed: z.boolean().optional(),
});
export type ChatSummary = z.infer<typeof ChatSummarySchema>;

// ── Envelope (livechat-api.md 4.2) ────────────────────────────────────────────────────────────

const ErrorPayloadSchema = z.looseObject({
  error: z.looseObject({ type: z.string(), message: z.string().optional(), data: z.unknown().optional() }),
});

export const RtmResponseSchema = z.looseObject({
  type: z.literal("response"),
  action: z.string().min(1),
  request_id: z.string().optional(),
  success: z.boolean(),
  payload: z.unknown().optional(),
});
export type RtmResponse = z.infer<typeof RtmResponseSchema>;

const RtmPushEnvelopeSchema = z.looseObject({
  type: z.literal("push"),
  action: z.string().min(1),
  request_id: z.string().optional(),
  payload: z.unknown().optional(),
});

/** The `{ error: { type, message } }` of an unsuccessful response, when it has one. */
export function rtmResponseError(response: RtmResponse): { type: string; message: string; data?: unknown } | null {
  if (response.success) return null;
  const parsed = ErrorPayloadSchema.safeParse(response.payload);
  if (!parsed.success) return { type: "unknown", message: "LiveChat refused the request without an error object" };
  return { type: parsed.data.error.type, message: parsed.data.error.message ?? parsed.data.error.type, data: parsed.data.error.data };
}

// ── Push payloads (livechat-api.md 5) ────────────────────────────────────────────────────────

const TransferTargetSchema = z.looseObject({
  group_ids: z.array(z.number().int()).optional(),
  agent_ids: z.array(z.string()).optional(),
});

export const PushPayloadSchemas = {
  incoming_chat: z.looseObject({
    chat: ChatSchema,
    requester_id: z.string().optional(),
    transferred_from: TransferTargetSchema.optional(),
  }),
  incoming_event: z.looseObject({ chat_id: z.string().min(1), thread_id: z.string().min(1), event: ChatEventSchema }),
  chat_transferred: z.looseObject({
    chat_id: z.string().min(1),
    thread_id: z.string().optional(),
    requester_id: z.string().optional(),
    reason: z.string().optional(),
    transferred_to: TransferTargetSchema.optional(),
  }),
  user_added_to_chat: z.looseObject({
    chat_id: z.string().min(1),
    thread_id: z.string().optional(),
    user: ChatUserSchema,
    reason: z.string().optional(),
    requester_id: z.string().optional(),
  }),
  user_removed_from_chat: z.looseObject({
    chat_id: z.string().min(1),
    thread_id: z.string().optional(),
    user_id: z.string().min(1),
    reason: z.string().optional(),
    requester_id: z.string().optional(),
  }),
  chat_deactivated: z.looseObject({ chat_id: z.string().min(1), thread_id: z.string().optional(), user_id: z.string().optional() }),
  chat_unfollowed: z.looseObject({ chat_id: z.string().min(1) }),
  chat_access_updated: z.looseObject({ id: z.string().min(1), access: AccessSchema }),
  routing_status_set: z.looseObject({ agent_id: z.string().min(1), status: z.string().min(1) }),
  /** 4.6: sent right before the server drops the connection. */
  agent_disconnected: z.looseObject({ reason: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() }),
  bot_updated: z.looseObject({ id: z.string().min(1) }),
  bot_deleted: z.looseObject({ id: z.string().min(1) }),
} as const;

export type PushAction = keyof typeof PushPayloadSchemas;

/** The push types the worker subscribes to at login (4.4 `pushes`) and handles. */
export const SUBSCRIBED_PUSHES = Object.keys(PushPayloadSchemas) as PushAction[];

export type RtmPush = {
  [A in PushAction]: { action: A; payload: z.infer<(typeof PushPayloadSchemas)[A]>; requestId?: string };
}[PushAction];

export type ParsedFrame =
  | { kind: "response"; response: RtmResponse }
  | { kind: "push"; push: RtmPush }
  /** A well-formed push of a type the worker does not handle. */
  | { kind: "unknown_push"; action: string }
  | { kind: "invalid"; reason: string; action?: string };

function isPushAction(action: string): action is PushAction {
  return Object.hasOwn(PushPayloadSchemas, action);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
}

/** Parses one websocket data frame. Never throws. */
export function parseRtmFrame(data: unknown, isBinary = false): ParsedFrame {
  if (isBinary) return { kind: "invalid", reason: "binary frame" };
  let text: string;
  if (typeof data === "string") text = data;
  else if (Buffer.isBuffer(data)) text = data.toString("utf8");
  else if (Array.isArray(data) && data.every((part) => Buffer.isBuffer(part))) text = Buffer.concat(data).toString("utf8");
  else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString("utf8");
  else return { kind: "invalid", reason: "unsupported frame data" };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "invalid", reason: "not JSON" };
  }
  const type = json && typeof json === "object" ? (json as { type?: unknown }).type : undefined;
  if (type === "response") {
    const response = RtmResponseSchema.safeParse(json);
    return response.success ? { kind: "response", response: response.data } : { kind: "invalid", reason: firstIssue(response.error) };
  }
  if (type !== "push") return { kind: "invalid", reason: "neither a response nor a push" };
  const envelope = RtmPushEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { kind: "invalid", reason: firstIssue(envelope.error) };
  const { action, request_id: requestId } = envelope.data;
  if (!isPushAction(action)) return { kind: "unknown_push", action };
  const payload = PushPayloadSchemas[action].safeParse(envelope.data.payload ?? {});
  if (!payload.success) return { kind: "invalid", action, reason: firstIssue(payload.error) };
  return { kind: "push", push: { action, payload: payload.data, ...(requestId ? { requestId } : {}) } as RtmPush };
}

// ── Response payloads the worker reads ──────────────────────────────────────────────────────

/** 4.4 `login` answer: only `my_profile.id` matters to the worker (whose connection this is). */
export const LoginResponsePayloadSchema = z.looseObject({
  my_profile: z.looseObject({ id: z.string().min(1) }).optional(),
  license: z.looseObject({ organization_id: z.string().optional() }).optional(),
});
