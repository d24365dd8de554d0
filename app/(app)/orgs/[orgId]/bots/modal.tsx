"use client";
// A modal <dialog>: the browser keeps focus inside it and makes the page behind it inert, Escape
// closes it (unless a call is in flight), and focus returns to the button that opened it.
import { useEffect, useId, useRef, type ReactNode } from "react";
import styles from "./bots.module.css";

interface ModalProps {
  title: string;
  /** Blocks closing while a call is in flight. */
  isBusy?: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

export function Modal({ title, isBusy = false, onClose, children, wide = false }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`${styles.dialog} ${wide ? styles.dialogWide : ""}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!isBusy) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
