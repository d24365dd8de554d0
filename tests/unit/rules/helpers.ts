// Builders shared by the rule-engine tests: terse rule definitions, a fresh chat, an input.
import { compileBot, type ChatRuleState, type CompileBotInput, type EvaluateInput, type RuleRecord } from "@/lib/rules";

type Definition = RuleRecord["definition"];

let counter = 0;

/** A rule record; id defaults to a unique "rN", position to its order of creation. */
export function rule(definition: Definition, overrides: Partial<Omit<RuleRecord, "definition">> = {}): RuleRecord {
  counter += 1;
  const id = overrides.id ?? `r${counter}`;
  return { id, name: overrides.name ?? id, enabled: overrides.enabled ?? true, position: overrides.position ?? counter, definition };
}

export function contains(keyword: string, reply = `reply to ${keyword}`, extra: Partial<Definition> = {}): Definition {
  return { trigger: { type: "contains", keyword }, actions: { reply }, ...extra };
}

export function compile(rules: RuleRecord[], settings: CompileBotInput["settings"] = {}) {
  return compileBot({ bot: { id: "bot-1", name: "Ava" }, settings, rules });
}

export function freshChat(overrides: Partial<ChatRuleState> = {}): ChatRuleState {
  return { botReplies: 0, unmatchedCount: 0, handedOver: false, ruleFirings: {}, ...overrides };
}

export const NOW = new Date("2025-03-12T10:00:00Z"); // a Wednesday

export function message(text: string, overrides: Partial<EvaluateInput> = {}): EvaluateInput {
  return { text, isFirstCustomerMessage: false, now: NOW, chat: freshChat(), ...overrides };
}
