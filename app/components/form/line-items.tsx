/**
 * A table of line items: one row per line, one labelled control per column,
 * and "Add line" / "Remove line N" buttons. The buttons are conform list
 * intents: with JavaScript the row appears or goes at once; without it the
 * button submits, the action answers with the list changed (nothing is
 * saved), and the page comes back with every typed value kept.
 */
import type { ButtonHTMLAttributes, ReactNode } from "react";

import { TableFrame } from "~/components/table-frame";
import { useTranslation } from "~/i18n/react";

import { blankField, FieldError, InputField, SelectField, type FieldState, type Option } from "./fields";

export type RowField = FieldState & { key?: string; getFieldset: () => Record<string, FieldState> };
export type ListField = FieldState & { getFieldList: () => RowField[] };

type ButtonProps = Pick<ButtonHTMLAttributes<HTMLButtonElement>, "name" | "value" | "form" | "formNoValidate">;
/** The list intents of a conform form (FormMetadata fits it). */
export type ListControls = {
  insert: { getButtonProps(payload: { name: string; defaultValue?: Record<string, string> }): ButtonProps };
  remove: { getButtonProps(payload: { name: string; index: number }): ButtonProps };
};

export type LineColumn = {
  /** The row field this column edits ("quantity" for lines[i].quantity). */
  name: string;
  /** In the viewer's words, like every text passed here. */
  header: ReactNode;
  /** The control's accessible name, with the row number: "Quantity 2". */
  label: (n: number) => string;
  /** The control's id in row i, kept stable for links and tests. */
  id: (i: number) => string;
  kind?: "text" | "decimal" | "select";
  options?: readonly Option[];
  /** The select's value in a new row. */
  fallback?: string;
  numeric?: boolean;
  /** A cell of another shape for some rows (a line that already exists); undefined means the usual control. */
  cell?: (row: Record<string, FieldState>, i: number) => ReactNode | undefined;
};

/**
 * The rows of a list field. A forged post can send a plain value where the
 * form has a list ("lines=x"); conform then refuses to list it, and the page
 * shows no rows rather than failing.
 */
export function fieldList(lines: ListField): RowField[] {
  try {
    return lines.getFieldList();
  } catch {
    return [];
  }
}

/**
 * Row i's fields by name. Every line has its row: a forged post that left
 * one out gets empty fields rather than a failed page.
 */
export function rowFields<N extends string>(formId: string, lines: ListField, names: readonly N[]) {
  const rows = fieldList(lines);
  return (i: number): Record<N, FieldState> => {
    const found = rows[i]?.getFieldset();
    const entries = names.map((name) => [name, found?.[name] ?? blankField(formId, `${lines.name}[${i}].${name}`)]);
    return Object.fromEntries(entries) as Record<N, FieldState>;
  };
}

export function LineItemsTable({
  form,
  lines,
  columns,
  label,
  className,
  newLine,
  canRemove = () => true,
  addLabel,
}: {
  form: ListControls;
  lines: ListField;
  columns: LineColumn[];
  /** Names the scrolling frame of the table. */
  label: string;
  className?: string;
  /** The values of a row added by "Add line". */
  newLine: Record<string, string>;
  canRemove?: (i: number) => boolean;
  addLabel?: string;
}) {
  const { t } = useTranslation();
  const rows = fieldList(lines);
  return (
    <>
      <FieldError id={lines.id} errors={lines.errors} />
      <TableFrame label={label}>
        <table className={className ? `line-items ${className}` : "line-items"}>
          <thead>
            <tr>
              <th>#</th>
              {columns.map((c) => (
                <th key={c.name} className={c.numeric ? "num" : undefined}>
                  {c.header}
                </th>
              ))}
              <th>
                <span className="sr-only">{t("Remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const fields = row.getFieldset();
              const n = i + 1;
              return (
                <tr key={row.key ?? i}>
                  <td className="line-number" data-label="#">
                    {n}
                  </td>
                  {columns.map((c) => (
                    <td
                      key={c.name}
                      className={c.numeric ? "num" : undefined}
                      data-label={typeof c.header === "string" ? c.header : undefined}
                    >
                      {c.cell?.(fields, i) ?? <LineControl column={c} field={fields[c.name]} i={i} />}
                    </td>
                  ))}
                  <td>
                    {rows.length > 1 && canRemove(i) ? (
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={t("Remove line {{n}}", { n })}
                        {...form.remove.getButtonProps({ name: lines.name, index: i })}
                      >
                        {t("Remove")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableFrame>
      <div className="actions">
        <button
          type="submit"
          className="secondary"
          {...form.insert.getButtonProps({ name: lines.name, defaultValue: newLine })}
        >
          {addLabel ?? t("Add line")}
        </button>
      </div>
    </>
  );
}

function LineControl({ column, field, i }: { column: LineColumn; field: FieldState; i: number }) {
  const common = { field, id: column.id(i), label: column.label(i + 1), labelHidden: true };
  if (column.kind === "select")
    return <SelectField {...common} options={column.options ?? []} fallback={column.fallback} />;
  return <InputField {...common} inputMode={column.kind === "decimal" ? "decimal" : undefined} />;
}
