// The notices above every organization page about LiveChat authorizations: the signed-in user's own
// (when LiveChat stopped accepting it) and, for owners and administrators, the worker connection's.
import type { OwnCredentialStatus } from "../data/credentials";
import { hasBotManagementScopes } from "../livechat/scopes";
import type { ConnectionStatus } from "../validation/organization";

export type BannerAction = "sign_in_again" | "grant_bot_management" | "open_team";

export interface Banner {
  id: string;
  tone: "error" | "warning";
  title: string;
  body: string;
  actions: BannerAction[];
}

function quoted(reason: string | null): string {
  return reason ? ` LiveChat said: “${reason}”.` : "";
}

export function authBanners(input: {
  userId: string;
  canManage: boolean;
  own: OwnCredentialStatus | null;
  connection: ConnectionStatus;
}): Banner[] {
  const { own, connection } = input;
  const holdsConnection = connection.holder?.userId === input.userId;
  const banners: Banner[] = [];
  if (own?.status === "needs_reauth") {
    const regrant = input.canManage && hasBotManagementScopes(own.scopes);
    banners.push({
      id: "own-reauth",
      tone: "error",
      title: "LiveChat no longer accepts your authorization",
      body: `${holdsConnection ? "Your bots stopped answering because the worker uses your authorization." : "Botdesk cannot act for you in LiveChat."}${quoted(own.reason)} ${regrant ? "Reconnect to restore it." : "Sign in with LiveChat again to restore it."}`,
      actions: [regrant ? "grant_bot_management" : "sign_in_again"],
    });
  }
  if (!input.canManage) return banners;
  if (connection.health === "missing") {
    banners.push({
      id: "connection-missing",
      tone: "warning",
      title: "Bots cannot answer yet",
      body: "The worker needs the LiveChat authorization of an owner or administrator. Grant bot management access to connect this organization.",
      actions: ["grant_bot_management"],
    });
  } else if (connection.health === "needs_reauth" && !holdsConnection && connection.holder) {
    banners.push({
      id: "connection-reauth",
      tone: "error",
      title: "The worker connection needs re-authorization",
      body: `Bots stopped answering: LiveChat no longer accepts the authorization of ${connection.holder.name} (${connection.holder.email}).${quoted(connection.reason)} Ask ${connection.holder.name} to sign in to Botdesk and grant bot management access again, or take over the connection on the Team page.`,
      actions: ["open_team"],
    });
  } else if (connection.health === "missing_scopes" && connection.holder) {
    banners.push({
      id: "connection-scopes",
      tone: "warning",
      title: "The worker connection lacks bot management access",
      body: `The authorization of ${connection.holder.name} does not include bot management access. Ask them to grant it, or take over the connection on the Team page.`,
      actions: ["open_team"],
    });
  }
  return banners;
}
