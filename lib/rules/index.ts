// The rule engine: pure functions shared by the dashboard (validation, lint, previews) and the
// worker (compile once per bot, evaluate each customer message). No I/O, no clock, no env.
export { compileBot, type CompiledBot, type CompiledRule } from "./compile-bot";
export { evaluate } from "./evaluate";
export { applyEvaluation } from "./apply-evaluation";
export { lintRules, type LintCode, type LintWarning } from "./lint-rules";
export { renderTemplate, parseTemplate, validateTemplate, TEMPLATE_VARIABLES, type TemplateContext, type TemplateVariable } from "./template";
export { normalizeText, normalizeWithOffsets, type NormalizeOptions, type NormalizedText } from "./normalize-text";
export { checkRegexPattern } from "./regex-pattern";
export { MAX_REPLY_BYTES, DEFAULT_MAX_REPLIES_PER_CHAT } from "./constants";
export type * from "./types";
