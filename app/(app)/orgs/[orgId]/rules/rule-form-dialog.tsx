"use client";
// Create or edit a rule: trigger, conditions, actions and limits, validated while typing with the
// server's own schema, a preview of the reply with sample values, and lint warnings for the list.
import { useId, useMemo, useState } from "react";
import { lintRules, renderTemplate, TEMPLATE_VARIABLES, type RuleRecord } from "@/lib/rules";
import type { RuleView } from "@/lib/rules-service/rule-view";
import { apiErrorDetails } from "@/lib/swr/fetcher";
import type { GroupOption } from "@/lib/swr/use-groups";
import { WEEKDAYS } from "@/lib/validation/rule";
import { Modal } from "../bots/modal";
import { Field, GroupErrors } from "./field";
import {
  checkRuleValues,
  DAY_LABELS,
  emptyRuleValues,
  groupErrors,
  TRIGGER_LABELS,
  valuesFromRule,
  type FieldErrors,
  type RuleFormValues,
  type TriggerType,
} from "./rule-form-values";
import styles from "./rules.module.css";

interface RuleFormDialogProps {
  botName: string;
  rule?: RuleView;
  /** For a new rule: a customer message to match. */
  prefill?: string;
  /** The bot's rules, for lint warnings about this rule among them. */
  rules: RuleView[];
  groups: GroupOption[] | undefined;
  /** Normal agents see the rule but cannot change it. */
  readOnly?: boolean;
  onSubmit: (input: unknown) => Promise<unknown>;
  onClose: (message?: string) => void;
}

const SAMPLE = { customer: { name: "Jane Doe", email: "jane@example.com" }, chat: { group: "General" } };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

export function RuleFormDialog({ botName, rule, prefill, rules, groups, readOnly = false, onSubmit, onClose }: RuleFormDialogProps) {
  const [values, setValues] = useState<RuleFormValues>(() =>
    rule ? valuesFromRule(rule) : prefill ? { ...emptyRuleValues(), keyword: prefill.trim() } : emptyRuleValues(),
  );
  const [touched, setTouched] = useState<Set<string>>(() => new Set(rule ? ["all"] : []));
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const checked = useMemo(() => checkRuleValues(values), [values]);
  const shown = (key: keyof FieldErrors, ...touchKeys: string[]) =>
    touched.has("all") || touchKeys.some((touchKey) => touched.has(touchKey)) ? [...(checked.errors[key] ?? []), ...(serverErrors[key] ?? [])] : serverErrors[key];

  const set = <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setTouched((current) => new Set(current).add(key));
    setServerErrors({});
  };

  const warnings = useMemo(() => {
    if (!checked.isValid) return [];
    const draftId = rule?.id ?? "draft";
    const records: RuleRecord[] = rules.filter((other) => other.id !== draftId).map((other) => ({ ...other }));
    records.push({ id: draftId, name: values.name, enabled: values.enabled, position: rule?.position ?? rules.length, definition: checked.input.definition as RuleRecord["definition"] });
    return lintRules(records)[draftId] ?? [];
  }, [checked, rules, rule, values.name, values.enabled]);

  const preview = values.reply !== "" && !checked.errors.reply ? renderTemplate(values.reply, { ...SAMPLE, bot: { name: botName } }) : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(new Set(["all"]));
    if (!checked.isValid) {
      // The messages render with this update; focus the first field that has one once they do.
      const form = event.currentTarget as HTMLFormElement;
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setPending(true);
    setFailure(null);
    try {
      await onSubmit(checked.input);
      onClose(rule ? `Saved “${values.name.trim()}”` : `Created “${values.name.trim()}”`);
    } catch (error) {
      const details = apiErrorDetails(error);
      if (details.errors) setServerErrors(groupErrors(details.errors));
      setFailure(errorMessage(error));
      setPending(false);
    }
  }

  const isList = values.triggerType === "any_of" || values.triggerType === "all_of";
  const keywordHint = "Matching ignores case, accents and extra spaces unless you say otherwise below.";
  return (
    <Modal title={rule ? `Edit ${rule.name}` : "New rule"} isBusy={pending} onClose={() => onClose()} wide>
      <form className={styles.form} onSubmit={submit} noValidate>
        <fieldset disabled={readOnly} className={styles.form} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Field label="Name" errors={shown("name", "name")}>
          <input type="text" value={values.name} onChange={(event) => set("name", event.target.value)} maxLength={120} autoFocus />
        </Field>
        <label className={styles.check}>
          <input type="checkbox" checked={values.enabled} onChange={(event) => set("enabled", event.target.checked)} /> Enabled
        </label>

        <fieldset className={styles.fieldset}>
          <legend>When a customer writes</legend>
          <Field label="Trigger">
            <select value={values.triggerType} onChange={(event) => set("triggerType", event.target.value as TriggerType)}>
              {(Object.keys(TRIGGER_LABELS) as TriggerType[]).map((type) => (
                <option key={type} value={type}>
                  {TRIGGER_LABELS[type]}
                </option>
              ))}
            </select>
          </Field>
          {values.triggerType === "regex" ? (
            <Field label="Pattern" hint="RE2 syntax; backreferences and lookaround are not supported, so matching stays fast." errors={shown("trigger", "pattern")}>
              <input type="text" value={values.pattern} onChange={(event) => set("pattern", event.target.value)} spellCheck={false} />
            </Field>
          ) : isList ? (
            <Field label="Keywords (one per line)" hint={keywordHint} errors={shown("trigger", "keywords")}>
              <textarea rows={3} value={values.keywords} onChange={(event) => set("keywords", event.target.value)} />
            </Field>
          ) : (
            <Field label="Keyword" hint={keywordHint} errors={shown("trigger", "keyword")}>
              <input type="text" value={values.keyword} onChange={(event) => set("keyword", event.target.value)} />
            </Field>
          )}
          <div className={styles.checks}>
            {values.triggerType !== "regex" && values.triggerType !== "exact" && (
              <label className={styles.check}>
                <input type="checkbox" checked={values.wholeWord} onChange={(event) => set("wholeWord", event.target.checked)} /> Whole words only
              </label>
            )}
            <label className={styles.check}>
              <input type="checkbox" checked={values.caseSensitive} onChange={(event) => set("caseSensitive", event.target.checked)} /> Match case
            </label>
            <label className={styles.check}>
              <input type="checkbox" checked={values.accentSensitive} onChange={(event) => set("accentSensitive", event.target.checked)} /> Match accents
            </label>
          </div>
        </fieldset>

        <fieldset className={styles.fieldset} aria-describedby={`${id}-conditions`}>
          <legend>Only if</legend>
          <label className={styles.check}>
            <input type="checkbox" checked={values.firstMessageOnly} onChange={(event) => set("firstMessageOnly", event.target.checked)} /> It is the
            customer&apos;s first message in the chat
          </label>
          <div>
            <span className={styles.fieldLabel}>The chat is in one of these groups (none ticked: any group)</span>
            {groups ? (
              <div className={styles.checks}>
                {groups.map((group) => (
                  <label key={group.id} className={styles.check}>
                    <input
                      type="checkbox"
                      checked={values.groupIds.includes(group.id)}
                      onChange={(event) =>
                        set("groupIds", event.target.checked ? [...values.groupIds, group.id] : values.groupIds.filter((groupId) => groupId !== group.id))
                      }
                    />{" "}
                    {group.name}
                  </label>
                ))}
              </div>
            ) : (
              <p className={styles.hint}>Groups could not be loaded from LiveChat.</p>
            )}
            <GroupErrors id={`${id}-groups`} errors={shown("groups", "groupIds")} />
          </div>
          <label className={styles.check}>
            <input type="checkbox" checked={values.hasBusinessHours} onChange={(event) => set("hasBusinessHours", event.target.checked)} /> Depending on
            business hours
          </label>
          {values.hasBusinessHours && <BusinessHoursFields values={values} set={set} errors={shown("businessHours", "timeZone", "windows", "when")} />}
          <label className={styles.check}>
            <input type="checkbox" checked={values.hasEmailDomain} onChange={(event) => set("hasEmailDomain", event.target.checked)} /> Depending on the
            customer&apos;s email domain
          </label>
          {values.hasEmailDomain && (
            <div className={styles.row}>
              <Field label="Email domain">
                <select value={values.emailOp} onChange={(event) => set("emailOp", event.target.value as "is" | "is_not")}>
                  <option value="is">is one of</option>
                  <option value="is_not">is not one of</option>
                </select>
              </Field>
              <Field label="Domains (comma-separated)" errors={shown("emailDomain", "domains")}>
                <input type="text" value={values.domains} onChange={(event) => set("domains", event.target.value)} placeholder="example.com" />
              </Field>
            </div>
          )}
          <GroupErrors id={`${id}-conditions`} errors={shown("conditions")} />
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend>Then</legend>
          <Field
            label="Reply"
            hint={`Variables: ${TEMPLATE_VARIABLES.map((variable) => `{{${variable}}}`).join(", ")}; a fallback after a bar: {{customer.first_name|there}}.`}
            errors={shown("reply", "reply")}
          >
            <textarea rows={4} value={values.reply} onChange={(event) => set("reply", event.target.value)} />
          </Field>
          {preview !== null && (
            <div>
              <span className={styles.fieldLabel} id={`${id}-preview`}>
                Preview (customer Jane Doe, group General)
              </span>
              <p className={styles.preview} aria-labelledby={`${id}-preview`}>
                {preview}
              </p>
            </div>
          )}
          <div className={styles.row}>
            <Field label="Hand the chat over to" errors={shown("transfer", "transferToGroupId")}>
              {groups ? (
                <select value={values.transferToGroupId} onChange={(event) => set("transferToGroupId", event.target.value)}>
                  <option value="">Nobody (the bot keeps the chat)</option>
                  {groups.map((group) => (
                    <option key={group.id} value={String(group.id)}>
                      {group.name}
                    </option>
                  ))}
                </select>
              ) : (
                <input type="number" min={0} value={values.transferToGroupId} onChange={(event) => set("transferToGroupId", event.target.value)} placeholder="Group id" />
              )}
            </Field>
            <Field label="Tags (comma-separated)" errors={shown("tags", "tags")}>
              <input type="text" value={values.tags} onChange={(event) => set("tags", event.target.value)} />
            </Field>
          </div>
          <GroupErrors id={`${id}-actions`} errors={shown("actions", "reply", "transferToGroupId", "tags")} />
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend>How often</legend>
          <div className={styles.checks}>
            {(
              [
                ["none", "Every time it matches"],
                ["once_per_chat", "At most once per chat"],
                ["cooldown", "Wait between firings in a chat"],
              ] as const
            ).map(([kind, label]) => (
              <label key={kind} className={styles.check}>
                <input type="radio" name={`${id}-limit`} checked={values.limit === kind} onChange={() => set("limit", kind)} /> {label}
              </label>
            ))}
          </div>
          {values.limit === "cooldown" && (
            <Field label="Cooldown in seconds" errors={shown("limits", "cooldownSeconds", "limit")}>
              <input type="number" min={1} value={values.cooldownSeconds} onChange={(event) => set("cooldownSeconds", event.target.value)} />
            </Field>
          )}
        </fieldset>

        </fieldset>
        {readOnly && <p className="muted">Only owners, vice owners and administrators can change rules.</p>}
        {warnings.length > 0 && (
          <div className="alert warning" role="status">
            <strong>Warnings (you can still save)</strong>
            <ul className={styles.warnings}>
              {warnings.map((warning) => (
                <li key={warning.code + warning.message}>{warning.message}</li>
              ))}
            </ul>
          </div>
        )}
        {failure && (
          <p role="alert" className="alert error">
            {failure}
          </p>
        )}
        <div className={styles.dialogActions}>
          <button type="button" className="button secondary" onClick={() => onClose()} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={pending || readOnly} aria-busy={pending}>
            {pending ? "Saving…" : rule ? "Save rule" : "Create rule"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function BusinessHoursFields({ values, set, errors }: { values: RuleFormValues; set: <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) => void; errors?: string[] }) {
  const errorId = useId();
  const setWindow = (index: number, patch: Partial<RuleFormValues["windows"][number]>) =>
    set(
      "windows",
      values.windows.map((window, i) => (i === index ? { ...window, ...patch } : window)),
    );
  return (
    <div className={styles.fieldset} aria-describedby={errors?.length ? errorId : undefined}>
      <div className={styles.row}>
        <Field label="Fire while we are">
          <select value={values.when} onChange={(event) => set("when", event.target.value as "open" | "closed")}>
            <option value="open">open</option>
            <option value="closed">closed</option>
          </select>
        </Field>
        <Field label="Time zone" hint="An IANA name, e.g. Europe/Warsaw">
          <input type="text" value={values.timeZone} onChange={(event) => set("timeZone", event.target.value)} />
        </Field>
      </div>
      {values.windows.map((window, index) => (
        <div key={index} className={styles.window} role="group" aria-label={`Opening time ${index + 1}`}>
          <div className={styles.checks}>
            {WEEKDAYS.map((day) => (
              <label key={day} className={styles.check}>
                <input
                  type="checkbox"
                  checked={window.days.includes(day)}
                  onChange={(event) => setWindow(index, { days: event.target.checked ? [...window.days, day] : window.days.filter((d) => d !== day) })}
                />{" "}
                {DAY_LABELS[day]}
              </label>
            ))}
          </div>
          <div className={styles.row}>
            <Field label="From">
              <input type="time" value={window.from} onChange={(event) => setWindow(index, { from: event.target.value })} />
            </Field>
            <Field label="To" hint="24:00 for midnight">
              <input type="text" inputMode="numeric" value={window.to} onChange={(event) => setWindow(index, { to: event.target.value })} />
            </Field>
          </div>
          {values.windows.length > 1 && (
            <button type="button" className={`button secondary ${styles.small}`} onClick={() => set("windows", values.windows.filter((_, i) => i !== index))}>
              Remove opening time {index + 1}
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className={`button secondary ${styles.small}`}
        onClick={() => set("windows", [...values.windows, { days: ["sat"], from: "10:00", to: "14:00" }])}
      >
        Add opening time
      </button>
      <GroupErrors id={errorId} errors={errors} />
    </div>
  );
}
