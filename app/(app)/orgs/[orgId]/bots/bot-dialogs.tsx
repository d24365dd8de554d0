"use client";
// The confirmations of the Bots page: delete (naming the bot and its rule count), reset secret,
// and adopt, each saying what happens in LiveChat.
import type { BotView } from "@/lib/bots/bot-view";
import type { useBots } from "@/lib/swr/use-bots";
import type { ManagedBot } from "./bot-card";
import { ConfirmDialog } from "./confirm-dialog";

export type BotDialog =
  | { kind: "create" }
  | { kind: "edit"; bot: ManagedBot }
  | { kind: "delete"; bot: ManagedBot }
  | { kind: "reset"; bot: ManagedBot }
  | { kind: "adopt"; bot: BotView };

interface BotDialogsProps {
  dialog: Extract<BotDialog, { kind: "delete" | "reset" | "adopt" }>;
  actions: Pick<ReturnType<typeof useBots>, "deleteBot" | "resetSecret" | "adoptBot">;
  canManage: boolean;
  callbackUrl: string;
  onClose: (message?: string) => void;
}

const rules = (count: number) => (count === 1 ? "1 rule" : `${count} rules`);

export function BotDialogs({ dialog, actions, canManage, callbackUrl, onClose }: BotDialogsProps) {
  const shared = { canManage, callbackUrl, onClose };
  const { bot } = dialog;
  if (dialog.kind === "delete") {
    const { id, ruleCount } = dialog.bot;
    return (
      <ConfirmDialog
        title={`Delete “${bot.name}”?`}
        confirmLabel="Delete bot"
        pendingLabel="Deleting…"
        tone="danger"
        {...shared}
        onConfirm={async () => {
          await actions.deleteBot(id);
          return `Deleted “${bot.name}”.`;
        }}
      >
        <p>
          “{bot.name}” has <strong>{rules(ruleCount)}</strong>
          {ruleCount > 0 ? ", which are deleted with it" : ""}. The bot is deleted in LiveChat too: it stops taking chats and
          leaves the chats it is in. This cannot be undone.
        </p>
      </ConfirmDialog>
    );
  }
  if (dialog.kind === "reset") {
    const { id } = dialog.bot;
    return (
      <ConfirmDialog
        title={`Reset the secret of “${bot.name}”?`}
        confirmLabel="Reset secret"
        pendingLabel="Resetting…"
        {...shared}
        onConfirm={async () => {
          await actions.resetSecret(id);
          return `“${bot.name}” has a new secret. The worker uses it from now on.`;
        }}
      >
        <p>
          LiveChat gives the bot a new secret, which Botdesk stores encrypted; the worker needs it to act as the bot. The old secret
          stops working for new bot tokens at once; tokens already issued with it may keep working until they expire (at most 24
          hours). Do this if the worker reports that the bot&apos;s secret no longer works.
        </p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      title={`Adopt “${bot.name}”?`}
      confirmLabel="Adopt and reset secret"
      pendingLabel="Adopting…"
      {...shared}
      onConfirm={async () => {
        await actions.adoptBot(bot.livechatBotId);
        return `Botdesk manages “${bot.name}” now. Give it rules, then set it to accepting chats.`;
      }}
    >
      <p>Botdesk will manage this bot: you can give it rules here, and the worker answers customers as it.</p>
      <p>
        To act as the bot, Botdesk needs its secret, which LiveChat shows only when a bot is created. Adopting therefore{" "}
        <strong>resets the bot&apos;s secret</strong> in LiveChat:
      </p>
      <ul>
        <li>
          Whatever uses the current secret (another app, a script or an integration) can no longer get bot tokens for this bot, and
          stops working as the bot when the tokens it has expire (at most 24 hours).
        </li>
        <li>The bot&apos;s name, groups, routing status and chats stay as they are.</li>
      </ul>
    </ConfirmDialog>
  );
}
