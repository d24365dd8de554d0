// A bot's rule settings: fallback reply, hand-over after N unmatched messages, reply cap.
import { getBotById } from "../data/bots";
import * as data from "../data/rules";
import { BotRuleSettingsSchema, type BotRuleSettings } from "../validation/rule";
import { inRulesTransaction, type RulesContext } from "./manage-rules";
import { parseRuleSettings, parseStoredJson } from "./rule-view";
import { validationError, zodErrors } from "./validation-error";

export async function getRuleSettings(ctx: RulesContext, botId: string): Promise<BotRuleSettings> {
  return parseRuleSettings(await data.getRuleSettingsText(ctx.db, { orgId: ctx.orgId, botId }));
}

/** Replaces the settings as a whole (absent optional fields are turned off). Lint doesn't read settings, so the stored warnings stand. */
export async function putRuleSettings(ctx: RulesContext, botId: string, body: unknown): Promise<BotRuleSettings> {
  const parsed = BotRuleSettingsSchema.safeParse(body);
  if (!parsed.success) throw validationError(zodErrors(parsed.error));
  const settings = parsed.data;
  return inRulesTransaction(ctx, botId, async (tx) => {
    const scope = { orgId: ctx.orgId, botId };
    const bot = await getBotById(tx, scope);
    await data.setRuleSettingsText(tx, { ...scope, text: JSON.stringify(settings) });
    return {
      result: settings,
      audit: { action: "rule_settings.update", targetType: "settings", rule: { id: bot.id, name: bot.name }, before: parseStoredJson(bot.ruleSettings), after: settings },
    };
  });
}
