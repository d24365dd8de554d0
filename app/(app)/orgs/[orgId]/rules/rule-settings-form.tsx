"use client";
// The bot's behaviour around its rules: fallback reply, hand-over after unmatched messages, reply cap.
import { useId, useMemo, useState } from "react";
import { apiErrorDetails } from "@/lib/swr/fetcher";
import type { GroupOption } from "@/lib/swr/use-groups";
import { BotRuleSettingsSchema, type BotRuleSettings } from "@/lib/validation/rule";
import { Field } from "./field";
import styles from "./rules.module.css";

interface Props {
  settings: BotRuleSettings;
  groups: GroupOption[] | undefined;
  canManage: boolean;
  disabledReasonId?: string;
  onSave: (settings: unknown) => Promise<unknown>;
}

const asNumber = (text: string): number | string => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

export function RuleSettingsForm({ settings, groups, canManage, disabledReasonId, onSave }: Props) {
  const id = useId();
  const [fallback, setFallback] = useState(settings.fallbackReply ?? "");
  const [hasHandover, setHasHandover] = useState(settings.handoverAfterUnmatched !== undefined);
  const [count, setCount] = useState(String(settings.handoverAfterUnmatched?.count ?? 3));
  const [groupId, setGroupId] = useState(String(settings.handoverAfterUnmatched?.groupId ?? groups?.[0]?.id ?? 0));
  const [cap, setCap] = useState(String(settings.maxRepliesPerChat));
  const [status, setStatus] = useState<{ kind: "saved" | "error"; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  const input = {
    ...(fallback !== "" ? { fallbackReply: fallback } : {}),
    ...(hasHandover ? { handoverAfterUnmatched: { count: asNumber(count), groupId: asNumber(groupId) } } : {}),
    maxRepliesPerChat: asNumber(cap),
  };
  const errors = useMemo(() => {
    const parsed = BotRuleSettingsSchema.safeParse(input);
    const out: Record<string, string[]> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) (out[String(issue.path[0] ?? "")] ??= []).push(issue.message);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `input` is rebuilt from these on every render
  }, [fallback, hasHandover, count, groupId, cap]);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (Object.keys(errors).length > 0) return;
    setPending(true);
    setStatus(null);
    try {
      await onSave(input);
      setStatus({ kind: "saved", message: "Settings saved." });
    } catch (error) {
      const details = apiErrorDetails(error).errors;
      setStatus({ kind: "error", message: details?.map((entry) => `${entry.field}: ${entry.message}`).join(" ") || (error instanceof Error ? error.message : "Not saved.") });
    } finally {
      setPending(false);
    }
  }

  return (
    <section className={`card ${styles.section}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>When no rule matches</h2>
      <form className={styles.form} onSubmit={save}>
        <fieldset disabled={!canManage} className={styles.form} style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={canManage ? undefined : disabledReasonId}>
          <Field label="Fallback reply" hint="Sent when no rule matches. Leave empty to stay silent." errors={errors.fallbackReply}>
            <textarea rows={2} value={fallback} onChange={(event) => setFallback(event.target.value)} />
          </Field>
          <label className={styles.check}>
            <input type="checkbox" checked={hasHandover} onChange={(event) => setHasHandover(event.target.checked)} /> Hand the chat over after several
            unmatched messages in a row
          </label>
          {hasHandover && (
            <div className={styles.row}>
              <Field label="Unmatched messages" errors={errors.handoverAfterUnmatched}>
                <input type="number" min={1} max={100} value={count} onChange={(event) => setCount(event.target.value)} />
              </Field>
              <Field label="Hand over to">
                {groups ? (
                  <select value={groupId} onChange={(event) => setGroupId(event.target.value)}>
                    {groups.map((group) => (
                      <option key={group.id} value={String(group.id)}>
                        {group.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input type="number" min={0} value={groupId} onChange={(event) => setGroupId(event.target.value)} />
                )}
              </Field>
            </div>
          )}
          <Field label="Most bot replies per chat" hint="Stops two bots from answering each other forever." errors={errors.maxRepliesPerChat}>
            <input type="number" min={1} max={100} value={cap} onChange={(event) => setCap(event.target.value)} />
          </Field>
          <div>
            <button type="submit" className="button" disabled={pending || !canManage} aria-busy={pending}>
              {pending ? "Saving…" : "Save settings"}
            </button>
          </div>
        </fieldset>
      </form>
      {status && (
        <p role={status.kind === "error" ? "alert" : "status"} className={status.kind === "error" ? "alert error" : "alert"}>
          {status.message}
        </p>
      )}
    </section>
  );
}
