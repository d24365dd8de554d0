// Structured JSON logs with pino, one line per entry, scoped by fields such as { orgId, workerId,
// chatId }. A dashboard request runs inside `withLogContext({ requestId, orgId })`, and every line
// logged while it runs carries those fields. Never pass message bodies or tokens: the paths in REDACT
// are removed as a safety net. Errors (under `error` or `err`) keep their stack and cause.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

type Level = "debug" | "info" | "warn" | "error";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Secrets and what customers wrote never reach a log line, at the top level or one level down. */
const SENSITIVE = ["token", "accessToken", "refreshToken", "secret", "secretKey", "secret_key", "password", "authorization", "text", "body", "messageText"];
export const REDACT = [...SENSITIVE, ...SENSITIVE.map((key) => `*.${key}`)];

const context = new AsyncLocalStorage<LogFields>();

/** Runs `run` with `fields` added to every line logged inside it (e.g. a request id). */
export function withLogContext<T>(fields: LogFields, run: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, run);
}

/** The current context's fields (request id, organization id), if any. */
export function logContext(): LogFields {
  return context.getStore() ?? {};
}

function wrap(logger: pino.Logger): Logger {
  const at = (level: Level) => (message: string, fields?: LogFields) => {
    if (fields) logger[level](fields, message);
    else logger[level](message);
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => wrap(logger.child(fields)),
  };
}

export interface LoggerOptions {
  level?: Level;
  /** Where lines go (one JSON document each, without the newline); default stdout. */
  write?: (line: string) => void;
}

let stdout: pino.DestinationStream | undefined;

export function createLogger(scope: LogFields = {}, options: LoggerOptions = {}): Logger {
  // Synchronous writes: a crash never loses the lines before it (one shared stream per process).
  const destination = options.write
    ? { write: (chunk: string) => options.write?.(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) }
    : (stdout ??= pino.destination({ dest: 1, sync: true }));
  const logger = pino(
    {
      level: options.level ?? "info",
      base: null,
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.errWithCause, err: pino.stdSerializers.errWithCause },
      redact: { paths: REDACT, remove: true },
      mixin: () => context.getStore() ?? {},
    },
    destination,
  );
  return wrap(Object.keys(scope).length > 0 ? logger.child(scope) : logger);
}
