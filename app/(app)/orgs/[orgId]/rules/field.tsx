// A labelled form field with its hint and live error, wired for screen readers.
import { useId, type ReactElement, type ReactNode } from "react";
import { cloneElement } from "react";
import styles from "./rules.module.css";

interface FieldProps {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, hint, errors, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, "aria-describedby": describedBy, "aria-invalid": errors?.length ? true : undefined })}
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <p id={errorId} className={styles.fieldError}>
          {errors.join(" ")}
        </p>
      )}
    </div>
  );
}

/** Errors for a group of inputs (a fieldset), announced with it. */
export function GroupErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className={styles.fieldError}>
      {errors.join(" ")}
    </p>
  );
}
