"use client";
// The bot's rules in evaluation order: enable/disable, edit, duplicate, delete, and reorder by
// dragging, with the Move up/down buttons, or with Alt+Arrow keys; moves are announced.
import { useRef, useState, type KeyboardEvent } from "react";
import type { RuleView } from "@/lib/rules-service/rule-view";
import { TRIGGER_LABELS, type TriggerType } from "./rule-form-values";
import styles from "./rules.module.css";

interface RuleListProps {
  rules: RuleView[];
  canManage: boolean;
  disabledReasonId?: string;
  onMove: (from: number, to: number) => void;
  onToggle: (rule: RuleView, enabled: boolean) => void;
  onEdit: (rule: RuleView) => void;
  onDuplicate: (rule: RuleView) => void;
  onDelete: (rule: RuleView) => void;
}

/** One line saying what the rule reacts to and does. */
export function describeRule(rule: RuleView): string {
  const definition = (rule.definition ?? {}) as { trigger?: Record<string, unknown>; actions?: Record<string, unknown> };
  const trigger = definition.trigger ?? {};
  const label = TRIGGER_LABELS[trigger.type as TriggerType] ?? "Unknown trigger";
  const what = Array.isArray(trigger.keywords)
    ? trigger.keywords.map((keyword) => `“${String(keyword)}”`).join(", ")
    : trigger.type === "regex"
      ? `/${String(trigger.pattern)}/`
      : `“${String(trigger.keyword ?? "")}”`;
  const actions = definition.actions ?? {};
  const does = [
    actions.reply !== undefined ? "replies" : "",
    actions.transferToGroupId !== undefined ? "hands over" : "",
    Array.isArray(actions.tags) && actions.tags.length > 0 ? `tags ${actions.tags.join(", ")}` : "",
  ].filter(Boolean);
  return `${label} ${what} → ${does.join(", ") || "does nothing"}`;
}

export function RuleList({ rules, canManage, disabledReasonId, onMove, onToggle, onEdit, onDuplicate, onDelete }: RuleListProps) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  // Drag events can arrive before React re-renders with the new state; the ref is always current.
  const dragged = useRef<number | null>(null);
  const describedBy = canManage ? undefined : disabledReasonId;

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    if (!canManage || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const to = event.key === "ArrowUp" ? index - 1 : index + 1;
    if (to >= 0 && to < rules.length) onMove(index, to);
  };

  return (
    <ol className={styles.ruleList} aria-label="Rules, first match wins">
      {rules.map((rule, index) => (
        <li
          key={rule.id}
          className={styles.rule}
          data-rule-id={rule.id}
          data-dragging={dragging === index}
          data-drop-target={dropTarget === index && dragging !== index}
          data-disabled={!rule.enabled}
          aria-label={`${index + 1}. ${rule.name}`}
          onKeyDown={(event) => onKeyDown(event, index)}
          onDragOver={(event) => {
            if (dragged.current === null) return;
            event.preventDefault();
            setDropTarget(index);
          }}
          onDrop={(event) => {
            event.preventDefault();
            const from = dragged.current;
            if (from !== null && from !== index) onMove(from, index);
            dragged.current = null;
            setDragging(null);
            setDropTarget(null);
          }}
        >
          <div className={styles.ruleHead}>
            <span className={styles.position} aria-hidden="true">
              {index + 1}
            </span>
            {canManage && (
              <span
                className={styles.handle}
                draggable
                aria-hidden="true"
                title="Drag to reorder (or use Alt+Arrow keys)"
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = "move";
                  event.dataTransfer.setData("text/plain", rule.id);
                  dragged.current = index;
                  setDragging(index);
                }}
                onDragEnd={() => {
                  dragged.current = null;
                  setDragging(null);
                  setDropTarget(null);
                }}
              >
                ⠿
              </span>
            )}
            <h3 className={styles.ruleName}>{rule.name}</h3>
            <label className={styles.toggle}>
              <input
                type="checkbox"
                role="switch"
                checked={rule.enabled}
                disabled={!canManage}
                aria-describedby={describedBy}
                aria-label={`Enabled: ${rule.name}`}
                onChange={(event) => onToggle(rule, event.target.checked)}
              />
              Enabled
            </label>
          </div>
          <p className={styles.summary}>{describeRule(rule)}</p>
          {rule.warnings.length > 0 && (
            <ul className={`alert warning ${styles.warnings}`} aria-label={`Warnings about ${rule.name}`}>
              {rule.warnings.map((warning) => (
                <li key={warning.code + warning.message}>{warning.message}</li>
              ))}
            </ul>
          )}
          <div className={styles.ruleActions}>
            <button type="button" className={`button secondary ${styles.small}`} disabled={!canManage || index === 0} aria-describedby={describedBy} onClick={() => onMove(index, index - 1)} aria-keyshortcuts="Alt+ArrowUp" aria-label={`Move up: ${rule.name}`}>
              Move up
            </button>
            <button
              type="button"
              className={`button secondary ${styles.small}`}
              disabled={!canManage || index === rules.length - 1}
              aria-describedby={describedBy}
              onClick={() => onMove(index, index + 1)}
              aria-keyshortcuts="Alt+ArrowDown"
              aria-label={`Move down: ${rule.name}`}
            >
              Move down
            </button>
            <button type="button" className={`button secondary ${styles.small}`} onClick={() => onEdit(rule)} aria-label={`${canManage ? "Edit" : "View"}: ${rule.name}`}>
              {canManage ? "Edit" : "View"}
            </button>
            <button type="button" className={`button secondary ${styles.small}`} disabled={!canManage} aria-describedby={describedBy} onClick={() => onDuplicate(rule)} aria-label={`Duplicate: ${rule.name}`}>
              Duplicate
            </button>
            <button type="button" className={`button secondary ${styles.small}`} disabled={!canManage} aria-describedby={describedBy} onClick={() => onDelete(rule)} aria-label={`Delete: ${rule.name}`}>
              Delete
            </button>
          </div>
        </li>
      ))}
    </ol>
  );
}
