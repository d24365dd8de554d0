"use client";
// Create or edit a bot. The input is checked with the API's own schema before it is sent; what
// LiveChat refuses is shown next to the field it is about, in LiveChat's words, and the input
// stays as typed until it is saved.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { BotView } from "@/lib/bots/bot-view";
import type { GroupOption } from "@/lib/swr/use-groups";
import type { BotInput } from "@/lib/validation/bot";
import styles from "./bots.module.css";
import { FieldError, GroupsField, ScheduleField } from "./bot-form-fields";
import { checkForm, errorFor, hasFieldMessage, initialValues, type BotFormValues, type FieldErrors } from "./bot-form-values";
import { ErrorNotice, errorText, toShownError, type ShownError } from "./error-notice";
import { Modal } from "./modal";

interface BotFormDialogProps {
  /** The bot being edited; none to create one. */
  bot?: BotView;
  groups: GroupOption[] | undefined;
  groupsError: string | null;
  onRetryGroups: () => void;
  canManage: boolean;
  callbackUrl: string;
  onSubmit: (input: BotInput) => Promise<unknown>;
  onClose: (message?: string) => void;
}

export function BotFormDialog({ bot, groups, groupsError, onRetryGroups, canManage, callbackUrl, onSubmit, onClose }: BotFormDialogProps) {
  const [values, setValues] = useState<BotFormValues>(() => initialValues(bot));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const isEdit = Boolean(bot);

  // After a failed save, take keyboard and screen-reader users to the first field to fix.
  useEffect(() => {
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"] input:not(:disabled)');
    invalid?.focus();
  }, [errors]);

  const change = (next: Partial<BotFormValues>) => setValues((current) => ({ ...current, ...next }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = checkForm(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      await onSubmit(checked.input);
      onClose(isEdit ? `Saved “${checked.input.name}”.` : `Created “${checked.input.name}”. Set it to accepting chats when its rules are ready.`);
    } catch (caught) {
      const shown = toShownError(caught);
      const field = shown.details.field;
      if (field && hasFieldMessage(field, values)) setErrors({ [field]: errorText(shown) });
      else setFailure(shown);
      setPending(false);
    }
  }

  const text = (field: "name" | "avatarUrl" | "jobTitle" | "maxChatsCount") => {
    const message = errorFor(errors, field);
    return {
      id: `bot-${field}`,
      disabled: pending,
      "aria-invalid": message ? true : undefined,
      "aria-describedby": message ? `bot-${field}-error` : undefined,
      message,
    };
  };
  const name = text("name");
  const avatar = text("avatarUrl");
  const jobTitle = text("jobTitle");
  const maxChats = text("maxChatsCount");
  const general = errors.form;

  return (
    <Modal title={isEdit ? `Edit ${bot?.name}` : "Create a bot"} isBusy={pending} onClose={() => onClose()} wide>
      <form ref={form} className={styles.form} onSubmit={submit} noValidate aria-busy={pending}>
        {failure && <ErrorNotice error={failure} canManage={canManage} callbackUrl={callbackUrl} />}
        {general && (
          <p role="alert" className="alert error">
            {general}
          </p>
        )}
        <div className={styles.field}>
          <label htmlFor={name.id}>Name</label>
          <input {...without(name)} type="text" required value={values.name} onChange={(event) => change({ name: event.target.value })} />
          <FieldError id={`${name.id}-error`} message={name.message} />
        </div>
        <div className={styles.field}>
          <label htmlFor={avatar.id}>Avatar URL (optional)</label>
          <input
            {...without(avatar)}
            type="url"
            inputMode="url"
            placeholder="https://…"
            value={values.avatarUrl}
            onChange={(event) => change({ avatarUrl: event.target.value })}
          />
          <FieldError id={`${avatar.id}-error`} message={avatar.message} />
        </div>
        <div className={styles.field}>
          <label htmlFor={jobTitle.id}>Job title (optional)</label>
          <input {...without(jobTitle)} type="text" value={values.jobTitle} onChange={(event) => change({ jobTitle: event.target.value })} />
          <FieldError id={`${jobTitle.id}-error`} message={jobTitle.message} />
        </div>
        <GroupsField
          groups={values.groups}
          options={groups}
          optionsError={groupsError}
          onRetry={onRetryGroups}
          errors={errors}
          disabled={pending}
          onChange={(next) => change({ groups: next })}
        />
        <div className={styles.field}>
          <label htmlFor={maxChats.id}>Most chats at once</label>
          <input
            {...without(maxChats)}
            type="number"
            inputMode="numeric"
            min={1}
            max={500}
            value={values.maxChatsCount}
            onChange={(event) => change({ maxChatsCount: event.target.value })}
          />
          <p className={styles.hint}>LiveChat routes at most this many concurrent chats to the bot (up to 500).</p>
          <FieldError id={`${maxChats.id}-error`} message={maxChats.message} />
        </div>
        <ScheduleField values={values} errors={errors} disabled={pending} onChange={change} />
        <div className={styles.dialogActions}>
          <button type="button" className="button secondary" onClick={() => onClose()} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={pending} aria-busy={pending}>
            {pending ? "Saving…" : isEdit ? "Save changes" : "Create bot"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function without<T extends { message?: string }>(props: T): Omit<T, "message"> {
  const { message: _message, ...rest } = props;
  return rest;
}
