// Limits shared by validation (reject on save) and the engine (guarantee at run time).

/** LiveChat rejects message events whose text is longer than 16 KB of UTF-8. */
export const MAX_REPLY_BYTES = 16 * 1024;

/** Default cap on bot replies per chat, so two bots answering each other stop quickly. */
export const DEFAULT_MAX_REPLIES_PER_CHAT = 5;

/** Longest keyword we accept; longer "keywords" are sentences that belong in a regex or exact rule. */
export const MAX_KEYWORD_LENGTH = 200;

/** Keywords per any-of / all-of rule. */
export const MAX_KEYWORDS_PER_RULE = 500;

/** Longest regular expression source we accept (keeps compiled programs small). */
export const MAX_PATTERN_LENGTH = 1000;

/** Keywords shorter than this (in characters) get a lint warning in contains-style rules. */
export const SHORT_KEYWORD_LENGTH = 3;
