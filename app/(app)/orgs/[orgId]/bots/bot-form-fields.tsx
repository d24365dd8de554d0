"use client";
// The two composite fields of the bot form: groups with a routing priority each, and the
// optional weekly work schedule with its time zone (livechat-api.md 2.2).
import { useMemo } from "react";
import type { GroupOption } from "@/lib/swr/use-groups";
import { GROUP_PRIORITIES, type BotGroup, type GroupPriority } from "@/lib/validation/bot";
import styles from "./bots.module.css";
import { errorFor, type BotFormValues, type FieldErrors, type ScheduleDay } from "./bot-form-values";
import { DAY_LABELS, PRIORITY_HINTS } from "./labels";

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className={styles.fieldError}>
      {message}
    </p>
  );
}

interface GroupsFieldProps {
  groups: BotGroup[];
  options: GroupOption[] | undefined;
  optionsError: string | null;
  onRetry: () => void;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (groups: BotGroup[]) => void;
}

export function GroupsField({ groups, options, optionsError, onRetry, errors, disabled, onChange }: GroupsFieldProps) {
  // Groups the bot is in but LiveChat did not list (or the list did not load) stay visible.
  const all = useMemo(() => {
    const known = new Map((options ?? []).map((option) => [option.id, option.name]));
    for (const group of groups) if (!known.has(group.id)) known.set(group.id, `Group ${group.id}`);
    return [...known.entries()].map(([id, name]) => ({ id, name }));
  }, [options, groups]);
  const message = errorFor(errors, "groups") ?? errorFor(errors, "defaultGroupPriority");
  const toggle = (id: number, isChecked: boolean) =>
    onChange(isChecked ? [...groups, { id, priority: "first" }] : groups.filter((group) => group.id !== id));
  const setPriority = (id: number, priority: GroupPriority) =>
    onChange(groups.map((group) => (group.id === id ? { ...group, priority } : group)));

  return (
    <fieldset
      className={styles.fieldset}
      aria-describedby={message ? "bot-groups-error" : undefined}
      data-invalid={message ? "true" : undefined}
    >
      <legend>Groups</legend>
      <p className={styles.hint}>LiveChat routes a group&apos;s chats to the bot by its priority there.</p>
      {!options && !optionsError && <p role="status">Loading your LiveChat groups…</p>}
      {optionsError && (
        <div role="alert" className="alert error">
          <p>The groups could not be loaded: {optionsError}</p>
          <button type="button" className="button secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      <ul className={styles.groupList}>
        {all.map((option) => {
          const selected = groups.find((group) => group.id === option.id);
          return (
            <li key={option.id} className={styles.groupRow}>
              <label className={styles.check}>
                <input
                  type="checkbox"
                  checked={Boolean(selected)}
                  disabled={disabled}
                  onChange={(event) => toggle(option.id, event.target.checked)}
                />
                {option.name}
              </label>
              <label className={styles.inline}>
                <span className={styles.visuallyHidden}>Priority in {option.name}</span>
                <select
                  value={selected?.priority ?? "first"}
                  disabled={disabled || !selected}
                  onChange={(event) => setPriority(option.id, event.target.value as GroupPriority)}
                >
                  {GROUP_PRIORITIES.map((priority) => (
                    <option key={priority} value={priority}>
                      {PRIORITY_HINTS[priority]}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          );
        })}
      </ul>
      <FieldError id="bot-groups-error" message={message} />
    </fieldset>
  );
}

interface ScheduleFieldProps {
  values: Pick<BotFormValues, "hasSchedule" | "timezone" | "schedule">;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (next: Partial<Pick<BotFormValues, "hasSchedule" | "timezone" | "schedule">>) => void;
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function ScheduleField({ values, errors, disabled, onChange }: ScheduleFieldProps) {
  const zones = useMemo(() => timeZones(values.timezone), [values.timezone]);
  const setDay = (index: number, change: Partial<ScheduleDay>) =>
    onChange({ schedule: values.schedule.map((entry, at) => (at === index ? { ...entry, ...change } : entry)) });
  const general = errors.workScheduler ?? errors["workScheduler.schedule"];
  const zoneError = errorFor(errors, "workScheduler.timezone");

  return (
    <fieldset className={styles.fieldset} data-invalid={general ? "true" : undefined}>
      <legend>Work schedule</legend>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={values.hasSchedule}
          disabled={disabled}
          onChange={(event) => onChange({ hasSchedule: event.target.checked })}
        />
        Work only on a weekly schedule
      </label>
      <p className={styles.hint}>Without a schedule the bot takes chats whenever its routing status allows.</p>
      {values.hasSchedule && (
        <>
          <div className={styles.field}>
            <label htmlFor="bot-timezone">Time zone</label>
            <select
              id="bot-timezone"
              value={values.timezone}
              disabled={disabled}
              aria-invalid={zoneError ? true : undefined}
              aria-describedby={zoneError ? "bot-timezone-error" : undefined}
              onChange={(event) => onChange({ timezone: event.target.value })}
            >
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
            <FieldError id="bot-timezone-error" message={zoneError} />
          </div>
          <ul className={styles.days}>
            {values.schedule.map((entry, index) => {
              const dayError = errorFor(errors, `workScheduler.schedule.${index}`);
              const errorId = `bot-day-${entry.day}-error`;
              const label = DAY_LABELS[entry.day];
              return (
                <li key={entry.day} className={styles.dayRow}>
                  <label className={styles.check}>
                    <input
                      type="checkbox"
                      checked={entry.enabled}
                      disabled={disabled}
                      onChange={(event) => setDay(index, { enabled: event.target.checked })}
                    />
                    {label}
                  </label>
                  <label className={styles.inline}>
                    <span className={styles.visuallyHidden}>{label} from</span>
                    <input
                      type="time"
                      value={entry.start}
                      disabled={disabled || !entry.enabled}
                      aria-invalid={dayError ? true : undefined}
                      aria-describedby={dayError ? errorId : undefined}
                      onChange={(event) => setDay(index, { start: event.target.value })}
                    />
                  </label>
                  <span aria-hidden="true">–</span>
                  <label className={styles.inline}>
                    <span className={styles.visuallyHidden}>{label} until</span>
                    <input
                      type="time"
                      value={entry.end}
                      disabled={disabled || !entry.enabled}
                      aria-invalid={dayError ? true : undefined}
                      aria-describedby={dayError ? errorId : undefined}
                      onChange={(event) => setDay(index, { end: event.target.value })}
                    />
                  </label>
                  <FieldError id={errorId} message={dayError} />
                </li>
              );
            })}
          </ul>
          <FieldError id="bot-schedule-error" message={general} />
        </>
      )}
    </fieldset>
  );
}
