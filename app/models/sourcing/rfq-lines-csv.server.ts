/**
 * Line items from a CSV file: the template the buyer downloads, and the
 * import that either accepts every row or reports every bad one by row and
 * column, so nothing is half imported.
 */
import { msg, msgWith } from "../../i18n/config";
import { parse } from "csv-parse/sync";
import type { z } from "zod";

import { readFormBody, readSubmission, type ReadSubmission } from "../../utils/submission.server";

import { UNITS } from "../shared/vocabularies";
import { rfqLineSchema, type RfqFormInput } from "./rfq.schema";

/** Header names, in template order, and the form field each fills. */
export const CSV_COLUMNS = [
  { header: "item", field: "itemName" },
  { header: "specification", field: "specification" },
  { header: "quantity", field: "quantity" },
  { header: "unit", field: "unit" },
  { header: "target_price", field: "targetPrice" },
] as const;

const REQUIRED = ["item", "quantity", "unit"];
export const CSV_MAX_BYTES = 1024 * 1024;
const MAX_ROWS = 500;

export const LINES_CSV_TEMPLATE =
  "item,specification,quantity,unit,target_price\r\n" +
  "Hex bolt M8x40,ISO 4017 8.8 zinc plated,500,pcs,0.12\r\n" +
  "Cutting oil,Water-miscible,20,l,\r\n";

/** Each error a catalogue message (`msg`/`msgWith`), said in the reader's words where it is shown. */
export type CsvImport = { ok: true; lines: RfqFormInput["lines"] } | { ok: false; errors: string[] };

/**
 * Rows are numbered as a spreadsheet shows them: the header is row 1. A
 * problem is "Row 3, quantity: The quantity must be a number…"; the column
 * is named as the file's header names it.
 */
export function parseLinesCsv(text: string): CsvImport {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      ok: false,
      // The parser's own reason is in English and names its internals: the row is what a person can act on.
      errors: [
        line
          ? msgWith("Row {{row}}: the file is not valid CSV. Start from the template.", { row: line })
          : msg("The file is not valid CSV. Start from the template."),
      ],
    };
  }
  if (records.length === 0) return { ok: false, errors: [msg("The file is empty. Start from the template.")] };

  const header = records[0].record.map((h) => h.toLowerCase().replace(/\s+/g, "_"));
  const errors: string[] = [];
  const unknown = header.filter((h) => h !== "" && !CSV_COLUMNS.some((c) => c.header === h));
  if (unknown.length > 0)
    errors.push(
      msgWith("Row 1: unknown column {{columns}}.", {
        columns: unknown.map((u) => `“${u}”`).join(", "),
        count: unknown.length,
      }),
    );
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length > 0)
    errors.push(
      msgWith("Row 1: missing column {{columns}}.", {
        columns: missing.map((m) => `“${m}”`).join(", "),
        count: missing.length,
      }),
    );
  if (errors.length > 0) return { ok: false, errors };

  const rows = records.slice(1);
  if (rows.length === 0) return { ok: false, errors: [msg("The file has a header but no line items.")] };
  if (rows.length > MAX_ROWS)
    return { ok: false, errors: [msgWith("At most {{max}} line items per RFQ.", { max: MAX_ROWS })] };

  const lines: RfqFormInput["lines"] = [];
  for (const { record, info } of rows) {
    const row = info.lines;
    if (record.length > header.length) {
      errors.push(
        msgWith("Row {{row}}: {{values}} values but {{columns}} columns.", {
          row,
          values: record.length,
          columns: header.length,
        }),
      );
      continue;
    }
    const raw: Record<string, string> = {};
    for (const column of CSV_COLUMNS) {
      const index = header.indexOf(column.header);
      if (index >= 0) raw[column.field] = record[index] ?? "";
    }
    const parsed = rfqLineSchema.safeParse(raw);
    if (parsed.success) {
      lines.push(parsed.data);
      continue;
    }
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      const column = CSV_COLUMNS.find((c) => c.field === field)?.header ?? field;
      if (seen.has(column)) continue;
      seen.add(column);
      // The form's "Choose a unit." assumes a list to choose from; a CSV needs the list spelled out.
      const message = column === "unit" ? msgWith("Use one of {{units}}.", { units: UNITS.join(", ") }) : issue.message;
      errors.push(msgWith("Row {{row}}, {{column}}: {{problem}}", { row, column, problem: { message } }));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines };
}

// Room for the typed form (up to 500 lines) beside the CSV file.
const RFQ_FORM_MAX_BYTES = CSV_MAX_BYTES + 4 * 1024 * 1024;

/**
 * The RFQ form as posted, multipart or not, read by the one form reader.
 * The body is capped, so an oversized upload is cut off rather than
 * buffered whole.
 */
export async function readRfqFormData(request: Request): Promise<{ formData: FormData; tooLarge: boolean }> {
  const formData = await readFormBody(request, { maxBytes: RFQ_FORM_MAX_BYTES });
  return formData ? { formData, tooLarge: false } : { formData: new FormData(), tooLarge: true };
}

/** The form with the CSV's rows in place of the typed line items. */
function withCsvLines(formData: FormData, lines: RfqFormInput["lines"]): FormData {
  const next = new FormData();
  for (const [name, value] of formData.entries()) {
    if (name !== "linesCsv" && !/^lines\[/.test(name)) next.append(name, value);
  }
  lines.forEach((line, i) => {
    for (const column of CSV_COLUMNS) {
      const value = line[column.field];
      if (value !== undefined) next.append(`lines[${i}].${column.field}`, value);
    }
  });
  return next;
}

/**
 * The RFQ form (new or edit) read as a conform submission, for the route's
 * useForm (the CSV, if one was chosen,
 * replaces the typed lines; a bad or oversized file is reported under
 * "linesCsv" and the typed lines are kept), then the schema.
 */
export async function readRfqSubmission<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<ReadSubmission<z.infer<S>>> {
  const { formData, tooLarge } = await readRfqFormData(request);
  const csvProblem = (message: string) => readSubmission(formData, schema, { fieldErrors: { linesCsv: message } });
  if (tooLarge) return csvProblem(msg("The CSV file is larger than 1 MB."));
  const file = formData.get("linesCsv");
  if (!file || typeof file === "string" || file.size === 0) return readSubmission(formData, schema);
  if (file.size > CSV_MAX_BYTES) return csvProblem(msg("The CSV file is larger than 1 MB."));
  const result = parseLinesCsv(await file.text());
  if (!result.ok)
    return csvProblem(
      msgWith("Nothing was imported. Fix these rows and upload again:\n{{problems}}", {
        problems: { messages: result.errors },
      }),
    );
  return readSubmission(withCsvLines(formData, result.lines), schema);
}
