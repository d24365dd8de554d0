// Brings LiveChat's registrations for our Client ID to exactly the wanted set (livechat-api.md 7.1):
// list, unregister stale ones of ours, register what is missing, and after registering list again,
// so registrations another process made at the same moment are reduced to one per action.
import { AppError } from "../errors";
import type { LiveChatApiContext } from "../livechat/http";
import { LiveChatError } from "../livechat/errors";
import { listWebhooks, registerWebhook, unregisterWebhook, type LiveChatWebhook } from "../livechat/configuration-api";
import { planRegistration } from "./registration-plan";
import { limitError } from "./registration-errors";
import type { WantedWebhook } from "./wanted-webhooks";

const LOST_REGISTRATIONS =
  "LiveChat no longer lists some of the webhooks just registered; something else may have removed them. Register again from the Worker page.";

export interface ReconcileInput {
  api: LiveChatApiContext;
  clientId: string;
  url: string;
  secret: string;
  wanted: readonly WantedWebhook[];
}

export interface ReconcileResult {
  /** One per wanted action, as LiveChat lists them now. */
  webhooks: LiveChatWebhook[];
}

export class ReconcileError extends Error {
  override name = "ReconcileError";
  constructor(
    readonly reason: unknown,
    /** Whether LiveChat's registrations were already changed when it failed. */
    readonly changedLiveChat: boolean,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

async function unregisterAll(input: ReconcileInput, stale: readonly LiveChatWebhook[]): Promise<void> {
  for (const entry of stale) {
    await unregisterWebhook(input.api, { id: entry.id, ownerClientId: input.clientId }).catch((error: unknown) => {
      // Gone already: another process removed the same duplicate.
      if (!(error instanceof LiveChatError && error.type === "not_found")) throw error;
    });
  }
}

/** Registers each missing webhook; stops at LiveChat's limit, which the final listing then judges. */
async function registerMissing(input: ReconcileInput, missing: readonly WantedWebhook[]): Promise<{ registered: LiveChatWebhook[]; limited: boolean }> {
  const registered: LiveChatWebhook[] = [];
  for (const want of missing) {
    try {
      const { id } = await registerWebhook(input.api, {
        action: want.action,
        secretKey: input.secret,
        url: want.url,
        ownerClientId: input.clientId,
        type: want.type,
        description: want.description,
        filters: want.filters,
        additionalData: want.additionalData,
      });
      registered.push({ id, action: want.action, url: want.url, type: want.type, description: want.description, filters: { ...want.filters } });
    } catch (error) {
      if (error instanceof LiveChatError && error.type === "limit_reached") return { registered, limited: true };
      throw error;
    }
  }
  return { registered, limited: false };
}

export async function reconcileWebhooks(input: ReconcileInput): Promise<ReconcileResult> {
  let changed = false;
  try {
    const first = planRegistration(await listWebhooks(input.api, { ownerClientId: input.clientId }), input.wanted, input.url);
    if (first.overLimit.length > 0) throw limitError(first.overLimit.map((entry) => entry.action));
    if (first.stale.length === 0 && first.missing.length === 0) return { webhooks: first.keep };
    changed = true;
    // livechat-api.md 7.1: 3 per action; stale ones go first to make room.
    await unregisterAll(input, first.stale);
    if (first.missing.length === 0) return { webhooks: first.keep };
    const { registered, limited } = await registerMissing(input, first.missing);
    const second = planRegistration(await listWebhooks(input.api, { ownerClientId: input.clientId }), input.wanted, input.url);
    await unregisterAll(input, second.stale);
    // livechat-api.md 2.1: changes may take a while to show; one registered just now counts even if not listed yet.
    const found = [...second.keep];
    const notFound: string[] = [];
    for (const want of second.missing) {
      const justRegistered = registered.find((entry) => entry.action === want.action);
      if (justRegistered) found.push(justRegistered);
      else notFound.push(want.action);
    }
    if (notFound.length > 0) throw limited ? limitError(notFound) : new AppError("livechat_error", LOST_REGISTRATIONS);
    return { webhooks: found };
  } catch (error) {
    throw new ReconcileError(error, changed);
  }
}
