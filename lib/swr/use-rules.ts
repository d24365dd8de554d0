"use client";
// The rule editor's data: one bot's rules (with lint warnings) and its rule settings. Every change
// revalidates the same key, so the list shows what the server stored and linted.
import useSWR from "swr";
import type { RuleView } from "../rules-service/rule-view";
import type { TestConsoleResult } from "../rules-service/test-console";
import type { BotRuleSettings } from "../validation/rule";
import { fetchJson, sendJson, thenRevalidate } from "./fetcher";

export interface RulesList {
  bot: { id: string; name: string };
  rules: RuleView[];
}

export function botRulesUrl(orgId: string, botId: string): string {
  return `/api/orgs/${encodeURIComponent(orgId)}/bots/${encodeURIComponent(botId)}`;
}

export function useRules(orgId: string, botId: string, fallbackData?: RulesList) {
  const base = botRulesUrl(orgId, botId);
  const key = `${base}/rules`;
  const swr = useSWR<RulesList>(key, fetchJson, { fallbackData });
  const ruleUrl = (ruleId: string, action = "") => `${key}/${encodeURIComponent(ruleId)}${action}`;
  const changed = <T,>(call: Promise<T>): Promise<T> => thenRevalidate(() => swr.mutate(), call);
  return {
    ...swr,
    createRule: (input: unknown) => changed(sendJson<{ rule: RuleView }>(key, "POST", input)),
    updateRule: (ruleId: string, patch: unknown) => changed(sendJson<{ rule: RuleView }>(ruleUrl(ruleId), "PATCH", patch)),
    /** Shows the switch flipped at once; the stored rule (or the old state on failure) replaces it. */
    setEnabled: (ruleId: string, enabled: boolean) =>
      swr.mutate(
        async (current) => {
          const { rule } = await sendJson<{ rule: RuleView }>(ruleUrl(ruleId), "PATCH", { enabled });
          return current && { ...current, rules: current.rules.map((other) => (other.id === rule.id ? { ...other, ...rule, warnings: other.warnings } : other)) };
        },
        {
          optimisticData: (current) => {
            const list = current ?? { bot: { id: botId, name: "" }, rules: [] };
            return { ...list, rules: list.rules.map((rule) => (rule.id === ruleId ? { ...rule, enabled } : rule)) };
          },
          rollbackOnError: true,
          revalidate: true,
        },
      ),
    deleteRule: (ruleId: string) => changed(sendJson<null>(ruleUrl(ruleId), "DELETE")),
    duplicateRule: (ruleId: string) => changed(sendJson<{ rule: RuleView }>(ruleUrl(ruleId, "/duplicate"), "POST")),
    /** Shows the new order at once; the server's answer (or the old order on failure) replaces it. */
    reorderRules: (ordered: RuleView[]) =>
      swr.mutate(
        async (current) => {
          const { rules } = await sendJson<{ rules: RuleView[] }>(`${key}/reorder`, "PUT", { ruleIds: ordered.map((rule) => rule.id) });
          return { bot: current?.bot ?? { id: botId, name: "" }, rules };
        },
        { optimisticData: (current) => ({ bot: current?.bot ?? { id: botId, name: "" }, rules: ordered }), rollbackOnError: true, revalidate: false },
      ),
    importRules: (file: unknown) => changed(sendJson<{ rules: RuleView[]; settings: BotRuleSettings }>(`${key}/import`, "POST", file)),
    exportUrl: `${key}/export`,
    runTest: (input: unknown) => sendJson<TestConsoleResult>(`${base}/test-console`, "POST", input),
  };
}

export function useRuleSettings(orgId: string, botId: string, fallbackData?: { settings: BotRuleSettings }) {
  const key = `${botRulesUrl(orgId, botId)}/rule-settings`;
  const swr = useSWR<{ settings: BotRuleSettings }>(key, fetchJson, { fallbackData });
  return {
    ...swr,
    saveSettings: async (settings: unknown) => {
      const saved = await sendJson<{ settings: BotRuleSettings }>(key, "PUT", settings);
      await swr.mutate(saved, { revalidate: false });
      return saved.settings;
    },
  };
}
