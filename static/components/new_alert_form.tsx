/** @jsxImportSource npm:preact@10 */
/** Raising an alert by hand: what a person noticed, kept and sent like any other alert. */
import type { Severity } from "../../alerts/alert.ts";
import { useState } from "../deps.ts";
import type { NewAlertInput } from "../lib/alerts_store.ts";

export function NewAlertForm({ onCreate }: { onCreate: (input: NewAlertInput) => void }) {
  const [severity, setSeverity] = useState<Severity>("warning");
  const [subject, setSubject] = useState("");
  const [message, setMessage] = useState("");
  return (
    <form
      class="new-alert"
      onSubmit={(e) => {
        e.preventDefault();
        if (subject.trim() === "" || message.trim() === "") return;
        onCreate({ severity, subject: subject.trim(), message: message.trim() });
        setMessage("");
      }}
    >
      <select
        aria-label="Severity"
        value={severity}
        onChange={(e) => setSeverity((e.currentTarget as HTMLSelectElement).value as Severity)}
      >
        <option value="info">info</option>
        <option value="warning">warning</option>
        <option value="critical">critical</option>
      </select>
      <input
        aria-label="Subject"
        placeholder="address or name"
        value={subject}
        onInput={(e) => setSubject((e.currentTarget as HTMLInputElement).value)}
      />
      <input
        aria-label="Message"
        placeholder="what you noticed"
        value={message}
        onInput={(e) => setMessage((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">Raise</button>
    </form>
  );
}
