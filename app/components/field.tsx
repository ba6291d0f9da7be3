/** A labelled input with its error beside it, for pages not yet on the form kit (app/components/form/, which new forms use). */
import type { InputHTMLAttributes, ReactNode } from "react";

export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <span className="hint">{hint}</span> : null}
      {error ? (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The common case: a labelled text-like input, marked invalid and described by its error when there is one. */
export function TextField({
  id,
  label,
  error,
  hint,
  ...input
}: { id: string; label: string; error?: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input id={id} {...input} {...invalidProps(id, error)} />
    </Field>
  );
}

/** Props that mark an input invalid and point it at its error message. */
export function invalidProps(
  id: string,
  error?: string,
): Pick<InputHTMLAttributes<HTMLInputElement>, "aria-invalid" | "aria-describedby"> {
  return error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

export function FormErrorBanner({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="banner bad" role="alert">
      {message}
    </p>
  );
}
