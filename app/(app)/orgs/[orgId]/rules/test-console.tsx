"use client";
// Type a customer message and its context, and see what the worker would do with the saved rules:
// which rule fires, the reply exactly as sent, the matched text, and why every other rule didn't.
import { useId, useState } from "react";
import type { TraceEntry } from "@/lib/rules";
import type { TestConsoleResult } from "@/lib/rules-service/test-console";
import type { GroupOption } from "@/lib/swr/use-groups";
import { Field } from "./field";
import styles from "./rules.module.css";

interface TestConsoleProps {
  groups: GroupOption[] | undefined;
  runTest: (input: unknown) => Promise<TestConsoleResult>;
}

const CONDITION_LABELS: Record<string, string> = {
  first_message: "it is not the customer's first message",
  group: "the chat is not in one of its groups",
  business_hours: "business hours don't match",
  email_domain: "the customer's email domain doesn't match",
};

const BLOCKED_LABELS: Record<string, string> = {
  no_match: "its trigger doesn't match",
  condition_failed: "a condition is false",
  cooldown: "it is cooling down in this chat",
  once_per_chat: "it already fired in this chat",
  reply_cap_reached: "the bot reached its reply cap in this chat",
};

/** Why a rule did or didn't fire, in words. */
export function explain(entry: TraceEntry): string {
  switch (entry.status) {
    case "fired":
      return "Fires";
    case "no_match":
      return "No match: its trigger doesn't match this message";
    case "disabled":
      return "Disabled";
    case "invalid":
      return `Invalid, never fires: ${entry.error ?? ""}`;
    case "condition_failed":
      return `Matches, but ${CONDITION_LABELS[entry.failedCondition ?? ""] ?? "a condition is false"}`;
    case "cooldown":
      return `Matches, but cooling down until ${entry.cooldownEndsAt ?? "later"}`;
    case "once_per_chat":
      return "Matches, but it already fired in this chat";
    case "reply_cap_reached":
      return "Matches, but the bot reached its reply cap in this chat";
    case "handed_over":
      return "The chat was handed over; the bot stays silent";
    case "shadowed":
      return entry.wouldHaveFired
        ? "Would also fire, but an earlier rule fired first"
        : `Not reached: an earlier rule fired first (and ${BLOCKED_LABELS[entry.wouldHaveBeen ?? "no_match"] ?? "it would not fire"})`;
  }
}

function headline(result: TestConsoleResult): string {
  switch (result.outcome) {
    case "rule":
      return `Rule “${result.ruleName ?? ""}” fires`;
    case "fallback":
      return "No rule matches: the fallback reply is sent";
    case "handover_unmatched":
      return "No rule matches, and the chat is handed over after too many unmatched messages";
    case "suppressed":
      return `The bot stays silent (${result.suppressedReason?.replace(/_/g, " ") ?? "held back"})`;
    case "no_match":
      return "No rule matches, and there is no fallback reply: the bot stays silent";
  }
}

function today(): { date: string; time: string } {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, "0");
  return { date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`, time: `${pad(now.getHours())}:${pad(now.getMinutes())}` };
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function TestConsole({ groups, runTest }: TestConsoleProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [isFirst, setIsFirst] = useState(true);
  const [groupId, setGroupId] = useState("");
  const [when, setWhen] = useState(today);
  const [customerName, setCustomerName] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const [result, setResult] = useState<TestConsoleResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(event: React.FormEvent) {
    event.preventDefault();
    if (text.trim() === "") {
      setError("Type a customer message to test.");
      return;
    }
    setPending(true);
    setError(null);
    const group = groups?.find((candidate) => String(candidate.id) === groupId);
    try {
      setResult(
        await runTest({
          text,
          isFirstCustomerMessage: isFirst,
          ...(groupId !== "" ? { groupId: Number(groupId), ...(group ? { groupName: group.name } : {}) } : {}),
          time: { date: when.date, time: when.time, timeZone: browserTimeZone() },
          ...(customerName.trim() !== "" ? { customer: { name: customerName.trim() } } : {}),
        }),
      );
      setSent(text);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The test could not run.");
    } finally {
      setPending(false);
    }
  }

  const span = result?.matchedSpan;
  return (
    <section className={`card ${styles.section}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Test console</h2>
      <p className="muted">Runs the same engine as the worker on the saved rules. Nothing is sent to customers.</p>
      <form className={styles.form} onSubmit={run}>
        <Field label="Customer message">
          <textarea rows={2} value={text} onChange={(event) => setText(event.target.value)} />
        </Field>
        <div className={styles.row}>
          <label className={styles.check}>
            <input type="checkbox" checked={isFirst} onChange={(event) => setIsFirst(event.target.checked)} /> First message of the chat
          </label>
          <Field label="Chat group">
            <select value={groupId} onChange={(event) => setGroupId(event.target.value)}>
              <option value="">Not in a group</option>
              {(groups ?? []).map((group) => (
                <option key={group.id} value={String(group.id)}>
                  {group.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Date">
            <input type="date" value={when.date} onChange={(event) => setWhen({ ...when, date: event.target.value })} />
          </Field>
          <Field label="Time of day" hint="Your time zone">
            <input type="time" value={when.time} onChange={(event) => setWhen({ ...when, time: event.target.value })} />
          </Field>
          <Field label="Customer name">
            <input type="text" value={customerName} onChange={(event) => setCustomerName(event.target.value)} />
          </Field>
        </div>
        <div>
          <button type="submit" className="button" disabled={pending} aria-busy={pending}>
            {pending ? "Testing…" : "Test message"}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="alert error">
          {error}
        </p>
      )}
      <div aria-live="polite">
        {result && sent !== null && (
          <div className={styles.result} data-testid="test-result">
            <h3>{headline(result)}</h3>
            {span && (
              <p className={styles.message}>
                Matched: {sent.slice(0, span.start)}
                <mark>{sent.slice(span.start, span.end)}</mark>
                {sent.slice(span.end)}
              </p>
            )}
            {result.reply !== null ? (
              <div>
                <span className={styles.fieldLabel}>Reply, exactly as sent</span>
                <p className={styles.preview} data-testid="test-reply">
                  {result.reply}
                </p>
              </div>
            ) : (
              <p className="muted">No reply is sent.</p>
            )}
            {result.transferToGroupId !== null && (
              <p>Hands the chat over to {groups?.find((group) => group.id === result.transferToGroupId)?.name ?? `group ${result.transferToGroupId}`}.</p>
            )}
            {result.tags.length > 0 && <p>Tags the chat: {result.tags.join(", ")}</p>}
            <table className={styles.trace}>
              <caption className={styles.srOnly}>Every rule and why it did or didn&apos;t fire</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {result.trace.map((entry, index) => (
                  <tr key={entry.ruleId} className={entry.status === "fired" ? styles.fired : undefined}>
                    <td>{index + 1}</td>
                    <td>{entry.ruleName}</td>
                    <td>{explain(entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
