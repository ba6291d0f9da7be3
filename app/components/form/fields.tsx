/**
 * Labelled controls for conform fields: text/number/date inputs, selects,
 * textareas and checkboxes. Every one is tied to a real `<label for>`, and
 * on error every one gets `aria-invalid="true"` and `aria-describedby`
 * naming its error text (and its hint), the same way for every control type.
 *
 * `id` keeps a page's existing ids (tests and links use them); without it the
 * field's conform id is used. `labelHidden` is for table cells, where the
 * column header shows the label and a screen reader still hears "Quantity 2".
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

import { translated } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

/** What these components read from a conform field (FieldMetadata fits it). */
export type FieldState = {
  id: string;
  name: string;
  formId: string;
  errors?: string[];
  defaultValue?: string;
  defaultOptions?: string[];
  required?: boolean;
};

type Described = { hint?: ReactNode; labelHidden?: boolean };

/** A field the form's state has no entry for (a row a forged post left out): empty, no error. */
export function blankField(formId: string, name: string): FieldState {
  return { id: `${formId}-${name}`, name, formId };
}

/** The props that tie a control to its field, its error and its hint. */
export function controlProps(field: FieldState, id: string, { hint = false }: { hint?: boolean } = {}) {
  const invalid = (field.errors?.length ?? 0) > 0;
  const describedBy = [invalid ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return {
    id,
    name: field.name,
    form: field.formId,
    required: field.required || undefined,
    "aria-invalid": invalid ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
}

/** The first error of a field, where `aria-describedby` points. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  // Schemas and use cases speak in catalogue keys; the field says them in the viewer's words.
  return (
    <span id={`${id}-error`} className="error">
      {translated(t, errors[0])}
    </span>
  );
}

/** Label, control, hint and error, in a `.field` box, or bare for a table cell. */
export function FieldFrame({
  id,
  label,
  hint,
  errors,
  labelHidden,
  children,
}: { id: string; label: ReactNode; errors?: string[]; children: ReactNode } & Described) {
  const body = (
    <>
      <label htmlFor={id} className={labelHidden ? "sr-only" : undefined}>
        {label}
      </label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldError id={id} errors={errors} />
    </>
  );
  return labelHidden ? body : <div className="field">{body}</div>;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "form" | "defaultValue">;

/** A text, number, date or datetime input. Numbers are typed as text with a decimal keyboard: money is never a float. */
export function InputField({
  field,
  label,
  id = field.id,
  hint,
  labelHidden,
  ...input
}: { field: FieldState; label: ReactNode; id?: string } & Described & InputProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={field.errors} labelHidden={labelHidden}>
      <input defaultValue={field.defaultValue ?? ""} {...input} {...controlProps(field, id, { hint: !!hint })} />
    </FieldFrame>
  );
}

export type Option = string | { value: string; label: string };

/** A select; `placeholder` is the empty first option ("None", "Choose a supplier"). */
export function SelectField({
  field,
  label,
  id = field.id,
  hint,
  labelHidden,
  options,
  placeholder,
  fallback,
  ...select
}: {
  field: FieldState;
  label: ReactNode;
  id?: string;
  options: readonly Option[];
  placeholder?: string;
  /** The value chosen when the form has none yet. */
  fallback?: string;
} & Described &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "form" | "defaultValue">) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={field.errors} labelHidden={labelHidden}>
      <select
        defaultValue={field.defaultValue ?? fallback ?? ""}
        {...select}
        {...controlProps(field, id, { hint: !!hint })}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) =>
          typeof o === "string" ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </FieldFrame>
  );
}

export function TextareaField({
  field,
  label,
  id = field.id,
  hint,
  labelHidden,
  rows = 3,
  ...textarea
}: { field: FieldState; label: ReactNode; id?: string } & Described &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "form" | "defaultValue">) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={field.errors} labelHidden={labelHidden}>
      <textarea
        rows={rows}
        defaultValue={field.defaultValue ?? ""}
        {...textarea}
        {...controlProps(field, id, { hint: !!hint })}
      />
    </FieldFrame>
  );
}

/** One checkbox with its label after it ("No bid", "Remove line 2"). */
export function CheckboxField({
  field,
  label,
  id = field.id,
  labelHidden,
  value = "on",
  ...input
}: { field: FieldState; label: ReactNode; id?: string; labelHidden?: boolean; value?: string } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "form" | "defaultChecked" | "type" | "value"
>) {
  return (
    <>
      <input
        type="checkbox"
        value={value}
        defaultChecked={field.defaultValue === value}
        {...input}
        {...controlProps(field, id)}
      />{" "}
      <label htmlFor={id} className={labelHidden ? "sr-only" : undefined}>
        {label}
      </label>
      <FieldError id={id} errors={field.errors} />
    </>
  );
}

/**
 * Several checkboxes of one list field ("roles"), in a fieldset whose
 * legend names the list; the error is tied to the group.
 */
export function CheckboxGroupField({
  field,
  legend,
  options,
  id = field.id,
}: {
  field: FieldState;
  legend: ReactNode;
  options: readonly { value: string; label: string }[];
  id?: string;
}) {
  const chosen = new Set(field.defaultOptions ?? (field.defaultValue ? [field.defaultValue] : []));
  const invalid = (field.errors?.length ?? 0) > 0;
  return (
    <fieldset
      className="checkbox-group"
      id={id}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={invalid ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {options.map((option) => (
        <span key={option.value} className="checkbox-option">
          <input
            type="checkbox"
            id={`${id}-${option.value}`}
            name={field.name}
            form={field.formId}
            value={option.value}
            defaultChecked={chosen.has(option.value)}
          />{" "}
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </span>
      ))}
      <FieldError id={id} errors={field.errors} />
    </fieldset>
  );
}
