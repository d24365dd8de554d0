// Structured JSON logs, one line per entry, scoped by fields such as { orgId, workerId, chatId }.
// Never pass message bodies or tokens: the field names below are dropped as a safety net.
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const forbidden = new Set(["token", "accessToken", "refreshToken", "secret", "text", "body", "password"]);

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

function clean(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (forbidden.has(key)) continue;
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

export function createLogger(
  scope: LogFields = {},
  options: { level?: Level; write?: (line: string) => void } = {},
): Logger {
  const minimum = order[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (level: Level, message: string, fields: LogFields = {}) => {
    if (order[level] < minimum) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...clean(scope), ...clean(fields) }));
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => createLogger({ ...scope, ...fields }, options),
  };
}
