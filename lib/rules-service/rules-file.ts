// A bot's rules and settings as a versioned JSON file (RulesExportSchema), and importing one:
// the whole file is validated first, and any problem leaves the bot's rules as they were.
import { getBotById } from "../data/bots";
import * as data from "../data/rules";
import { RULES_EXPORT_VERSION, validateRulesImport, type BotRuleSettings } from "../validation/rule";
import { changeRules, type RulesContext } from "./manage-rules";
import { parseRuleSettings, parseStoredJson, toRuleViews, type RuleView } from "./rule-view";
import { validationError } from "./validation-error";

export interface RulesFile {
  version: typeof RULES_EXPORT_VERSION;
  exportedAt: string;
  bot: { name: string };
  settings: BotRuleSettings;
  rules: Array<{ name: string; enabled: boolean; definition: unknown }>;
}

export async function exportRules(ctx: RulesContext, botId: string, now = new Date()): Promise<RulesFile> {
  const bot = await getBotById(ctx.db, { orgId: ctx.orgId, botId });
  const rules = await data.listRulesByBotId(ctx.db, { orgId: ctx.orgId, botId });
  return {
    version: RULES_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    bot: { name: bot.name },
    settings: parseRuleSettings(bot.ruleSettings),
    rules: rules.map((rule) => ({ name: rule.name, enabled: rule.enabled, definition: parseStoredJson(rule.definition) })),
  };
}

/** A file name for the download: the bot's name in plain characters. */
export function exportFileName(file: RulesFile): string {
  const slug = file.bot.name.normalize("NFKD").replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase().slice(0, 60);
  return `${slug || "bot"}-rules-v${file.version}.json`;
}

/** Replaces the bot's rules and rule settings with the file's, or changes nothing. */
export async function importRules(ctx: RulesContext, botId: string, json: unknown): Promise<{ rules: RuleView[]; settings: BotRuleSettings }> {
  const checked = validateRulesImport(json);
  if (!checked.ok) throw validationError(checked.errors);
  const file = checked.value;
  return changeRules(ctx, botId, async (tx) => {
    const scope = { orgId: ctx.orgId, botId };
    const bot = await getBotById(tx, scope);
    const before = await data.listRulesByBotId(tx, scope);
    await data.replaceRules(tx, { ...scope, inputs: file.rules });
    await data.setRuleSettingsText(tx, { ...scope, text: JSON.stringify(file.settings) });
    const after = await data.listRulesByBotId(tx, scope);
    return {
      result: { rules: toRuleViews(after), settings: file.settings },
      audit: {
        action: "rule.import",
        targetType: "bot",
        rule: { id: bot.id, name: bot.name },
        before: { settings: parseStoredJson(bot.ruleSettings), rules: before.map((rule) => ({ name: rule.name, enabled: rule.enabled, definition: parseStoredJson(rule.definition) })) },
        after: { settings: file.settings, rules: file.rules },
      },
    };
  });
}
