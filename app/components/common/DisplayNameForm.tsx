"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { DISPLAY_NAME_MAX, saveDisplayName } from "../../lib/storage";
import { Icon } from "./Icon";

const NAME_REQUIRED = "Tell your bandmates who you are.";

/** The name as it will be shown (trimmed), or why it cannot be used. */
export function checkDisplayName(raw: string): { ok: true; name: string } | { ok: false; error: string } {
  const name = raw.trim();
  return name ? { ok: true, name } : { ok: false, error: NAME_REQUIRED };
}

/**
 * The one form that asks for the name bandmates see (joining by link, entering a session, changing it later):
 * a labelled field with its hint or error, validated on submit and remembered on this device before
 * `onSubmit` runs. `children` go between the field and the buttons; the buttons are the caller's, and a submit
 * button's `value` is passed on so a form can offer two ways to continue.
 */
export function DisplayNameForm({
  initial,
  placeholder,
  onSubmit,
  actions,
  actionsClassName,
  className,
  children,
}: {
  initial: string;
  placeholder: string;
  onSubmit: (name: string, submitter: string | null) => void;
  actions: ReactNode;
  actionsClassName?: string;
  className?: string;
  children?: ReactNode;
}) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const checked = checkDisplayName(name);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    saveDisplayName(checked.name);
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    onSubmit(checked.name, submitter instanceof HTMLButtonElement && submitter.value ? submitter.value : null);
  };

  return (
    <form onSubmit={submit} noValidate className={className}>
      <label htmlFor={`${id}-input`} className="field-label">
        Your name
      </label>
      <input
        id={`${id}-input`}
        className="input input-lg"
        style={{ width: "100%" }}
        value={name}
        maxLength={DISPLAY_NAME_MAX}
        autoComplete="nickname"
        placeholder={placeholder}
        onChange={(e) => {
          setName(e.target.value);
          setError(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-${error ? "error" : "hint"}`}
        data-testid="display-name-input"
        autoFocus
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          <Icon name="alert" size={14} />
          {error}
        </p>
      ) : (
        <p className="field-hint" id={`${id}-hint`}>
          Shown next to your cursor and edits. Remembered on this device.
        </p>
      )}
      {children}
      <div className={actionsClassName}>{actions}</div>
    </form>
  );
}
