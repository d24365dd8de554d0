// LiveChat names the parameter it refused in its message ("`max_chats_count` is invalid: …",
// livechat-api.md 2.9). The form shows that message next to the field it is about, so the
// parameter is translated to our input's field name here; the message stays as LiveChat said it.
import { LiveChatError } from "../livechat/errors";

/** create_bot / update_bot parameters (livechat-api.md 2.2, 2.4) → BotInput fields. */
const FIELD_BY_PARAMETER: Record<string, string> = {
  name: "name",
  avatar: "avatarUrl",
  job_title: "jobTitle",
  max_chats_count: "maxChatsCount",
  default_group_priority: "defaultGroupPriority",
  groups: "groups",
  work_scheduler: "workScheduler",
};

function fieldFromPath(path: string): string | undefined {
  // `groups[0].priority` → groups.0.priority; `work_scheduler.schedule[2].end` → workScheduler.schedule.2.end
  const [root = "", ...rest] = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  const field = FIELD_BY_PARAMETER[root];
  if (!field) return undefined;
  return [field, ...rest].join(".");
}

export function botFieldOf(error: LiveChatError): string | undefined {
  // livechat-api.md 2.2: a group the organization does not have.
  if (error.type === "group_not_found") return "groups";
  if (error.type !== "validation") return undefined;
  const quoted = /`([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*)`/i.exec(error.message)?.[1];
  if (quoted) return fieldFromPath(quoted);
  // Without backticks, the first parameter name the message mentions as a word.
  const words = error.message.toLowerCase().match(/[a-z_]+/g) ?? [];
  const parameter = words.find((word) => word in FIELD_BY_PARAMETER);
  return parameter ? FIELD_BY_PARAMETER[parameter] : undefined;
}

/** The same LiveChat error, now naming the form field it is about (if any). */
export function withBotField(error: unknown): unknown {
  if (!(error instanceof LiveChatError) || error.options.field) return error;
  const field = botFieldOf(error);
  return field ? new LiveChatError(error.type, error.message, error.status, { ...error.options, field }) : error;
}
