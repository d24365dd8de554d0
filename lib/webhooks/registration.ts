// This installation's LiveChat bot webhooks (livechat-api.md 7.1): what the Worker page shows, and
// the registration an owner or administrator starts by granting bot-management access (or again
// from the Worker page). Every LiveChat request is counted for the organization (10.1).
import type { Db } from "../db";
import { webEnv } from "../env";
import { AppError } from "../errors";
import { webRequestMeter } from "../data/web-request-meter";
import { accountsConfigFrom, type AccountsConfig } from "../livechat/accounts";
import type { RequestMeter } from "../livechat/request-meter";
import { createLogger } from "../log";
import { ensureInstallation } from "./installation";
import { reconcileWebhooks, ReconcileError } from "./reconcile-webhooks";
import { registrationToken } from "./registration-access";
import { registrationError } from "./registration-errors";
import { readWebhookRegistration, type WebhookRegistrationView } from "./registration-view";
import { serialized } from "./serialize";
import { rememberSecret } from "./secret-cache";
import { wantedWebhooks } from "./wanted-webhooks";
import { webhookConfig, type WebhookConfig } from "./webhook-config";

export type { WebhookRegistrationState, WebhookRegistrationView } from "./registration-view";

/** livechat-api.md 7.1: `url` at most 500 characters. */
const MAX_URL_LENGTH = 500;

export interface RegistrationDeps {
  config: WebhookConfig;
  accounts: AccountsConfig;
  /** Counts each LiveChat request under the organization (default: the web app's meter). */
  meterFor(orgId: string): RequestMeter;
  now?: () => Date;
}

function defaultDeps(): RegistrationDeps {
  return { config: webhookConfig(), accounts: accountsConfigFrom(webEnv()), meterFor: webRequestMeter };
}

export function getWebhookRegistration(db: Db): Promise<WebhookRegistrationView> {
  return readWebhookRegistration(db, webhookConfig());
}

/** Registers (idempotently) with the stored credential of this user in this organization. */
export function registerWebhooks(db: Db, input: { orgId: string; userId: string }): Promise<WebhookRegistrationView> {
  return registerWebhooksWith(db, input, defaultDeps());
}

export async function registerWebhooksWith(db: Db, input: { orgId: string; userId: string }, deps: RegistrationDeps): Promise<WebhookRegistrationView> {
  const { config } = deps;
  if (config.url === null) {
    // LIVECHAT_WEBHOOK_URL=off: no LiveChat request; the row says so for the worker.
    await db.webhookInstallation.updateMany({ where: { clientId: config.clientId }, data: { state: "disabled", url: null } });
    return readWebhookRegistration(db, config);
  }
  const url = config.url;
  if (url.length > MAX_URL_LENGTH) {
    throw new AppError("validation", `LiveChat takes webhook URLs of at most ${MAX_URL_LENGTH} characters; LIVECHAT_WEBHOOK_URL is longer.`);
  }
  const meter = deps.meterFor(input.orgId);
  const token = await registrationToken(db, { ...input, keyring: config.keyring, accounts: { ...deps.accounts, meter } });
  const { secret } = await ensureInstallation(db, { clientId: config.clientId, keyring: config.keyring });
  rememberSecret(db, config.clientId, secret);
  await serialized(config.clientId, async () => {
    const before = await db.webhookInstallation.findUnique({ where: { clientId: config.clientId }, select: { state: true } });
    try {
      const { webhooks } = await reconcileWebhooks({
        api: { apiUrl: config.apiUrl, token, meter },
        clientId: config.clientId,
        url,
        secret,
        wanted: wantedWebhooks({ url, secret }),
      });
      await db.webhookInstallation.update({
        where: { clientId: config.clientId },
        data: {
          state: "registered",
          url,
          lastError: null,
          webhooks: JSON.stringify(webhooks.map(({ id, action }) => ({ id, action }))),
          registeredAt: (deps.now ?? (() => new Date()))(),
          registeredByUserId: input.userId,
        },
      });
    } catch (error) {
      throw await recordFailure(db, { clientId: config.clientId, orgId: input.orgId, wasRegistered: before?.state === "registered", error });
    }
  });
  return readWebhookRegistration(db, config);
}

/**
 * Stores what went wrong for the Worker page and answers the AppError for the caller. A registration
 * that held stays `registered` when the attempt failed before changing anything in LiveChat (e.g. an
 * administrator of another organization was refused).
 */
async function recordFailure(db: Db, input: { clientId: string; orgId: string; wasRegistered: boolean; error: unknown }): Promise<AppError> {
  const reason = input.error instanceof ReconcileError ? input.error.reason : input.error;
  const appError = registrationError(reason);
  const log = createLogger({ scope: "webhooks" });
  if (appError.code === "internal") log.error("Webhook registration failed", { orgId: input.orgId, error: reason });
  const changedLiveChat = input.error instanceof ReconcileError && input.error.changedLiveChat;
  const keepsRegistered = input.wasRegistered && !changedLiveChat;
  await db.webhookInstallation
    .update({ where: { clientId: input.clientId }, data: { lastError: appError.message, ...(keepsRegistered ? {} : { state: "failed" }) } })
    .catch((error: unknown) => log.warn("Webhook registration failure not recorded", { orgId: input.orgId, error }));
  return appError;
}
