/**
 * Line items from a CSV file: the template the buyer downloads, and the
 * import that either accepts every row or reports every bad one by row and
 * column, so nothing is half imported.
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { parse } from "csv-parse/sync";
import type { z } from "zod";

import { fieldErrors, formDataToObject } from "../../utils/form";
import { readSubmission, type ReadSubmission } from "../../utils/submission.server";

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

export type CsvImport = { ok: true; lines: RfqFormInput["lines"] } | { ok: false; errors: string[] };

/**
 * Rows are numbered as a spreadsheet shows them: the header is row 1. A
 * problem is "Row 3, quantity: The quantity must be a number…".
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
      errors: [`${line ? `Row ${line}: ` : ""}The file is not valid CSV (${(error as Error).message.split(":")[0]}).`],
    };
  }
  if (records.length === 0) return { ok: false, errors: ["The file is empty. Start from the template."] };

  const header = records[0].record.map((h) => h.toLowerCase().replace(/\s+/g, "_"));
  const errors: string[] = [];
  const unknown = header.filter((h) => h !== "" && !CSV_COLUMNS.some((c) => c.header === h));
  if (unknown.length > 0) errors.push(`Row 1: unknown column ${unknown.map((u) => `“${u}”`).join(", ")}.`);
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length > 0) errors.push(`Row 1: missing column ${missing.map((m) => `“${m}”`).join(", ")}.`);
  if (errors.length > 0) return { ok: false, errors };

  const rows = records.slice(1);
  if (rows.length === 0) return { ok: false, errors: ["The file has a header but no line items."] };
  if (rows.length > MAX_ROWS) return { ok: false, errors: [`At most ${MAX_ROWS} line items per RFQ.`] };

  const lines: RfqFormInput["lines"] = [];
  for (const { record, info } of rows) {
    const row = info.lines;
    if (record.length > header.length) {
      errors.push(`Row ${row}: ${record.length} values but ${header.length} columns.`);
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
      const message = column === "unit" ? `Use one of ${UNITS.join(", ")}.` : issue.message;
      errors.push(`Row ${row}, ${column}: ${message}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines };
}

/**
 * The RFQ form's values with the CSV, if one was chosen, in place of the
 * typed line items. A bad file gives one message listing every bad row,
 * and the typed lines are left as they were.
 */
export async function rfqFormValuesWithCsv(
  formData: FormData,
  values: Record<string, unknown>,
): Promise<{ values: Record<string, unknown>; csvError?: string }> {
  const file = formData.get("linesCsv");
  if (!file || typeof file === "string" || file.size === 0) return { values };
  if (file.size > CSV_MAX_BYTES) return { values, csvError: "The CSV file is larger than 1 MB." };
  const result = parseLinesCsv(await file.text());
  if (!result.ok) return { values, csvError: result.errors.join("\n") };
  return { values: { ...values, lines: result.lines } };
}

/**
 * The RFQ form as posted, multipart or not. The CSV part is held in memory,
 * capped so an oversized upload is cut off rather than buffered whole.
 */
export async function readRfqFormData(request: Request): Promise<{ formData: FormData; tooLarge: boolean }> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return { formData: await request.formData(), tooLarge: false };
  }
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: CSV_MAX_BYTES }),
    );
    return { formData, tooLarge: false };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { formData: new FormData(), tooLarge: true };
    throw error;
  }
}

/**
 * Reads and checks the RFQ form (new or edit), lines from the CSV when one
 * was uploaded. On failure, the body to return with status 400: the field
 * errors, the CSV's under "linesCsv", and what was typed.
 */
export async function parseRfqForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<
  | { ok: true; data: z.infer<S>; values: Record<string, unknown> }
  | { ok: false; body: { errors: Record<string, string>; values: Record<string, unknown> } }
> {
  const { formData, tooLarge } = await readRfqFormData(request);
  const typed = formDataToObject(formData);
  if (tooLarge)
    return { ok: false, body: { errors: { linesCsv: "The CSV file is larger than 1 MB." }, values: typed } };
  const { values, csvError } = await rfqFormValuesWithCsv(formData, typed);
  if (csvError) {
    return {
      ok: false,
      body: { errors: { linesCsv: `Nothing was imported. Fix these rows and upload again:\n${csvError}` }, values },
    };
  }
  const result = schema.safeParse(values);
  if (!result.success) return { ok: false, body: { errors: fieldErrors(result.error), values } };
  return { ok: true, data: result.data, values };
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
 * useForm: the same checks as parseRfqForm (the CSV, if one was chosen,
 * replaces the typed lines; a bad or oversized file is reported under
 * "linesCsv" and the typed lines are kept), then the schema.
 */
export async function readRfqSubmission<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<ReadSubmission<z.infer<S>>> {
  const { formData, tooLarge } = await readRfqFormData(request);
  const csvProblem = (message: string) => readSubmission(formData, schema, { fieldErrors: { linesCsv: message } });
  if (tooLarge) return csvProblem("The CSV file is larger than 1 MB.");
  const file = formData.get("linesCsv");
  if (!file || typeof file === "string" || file.size === 0) return readSubmission(formData, schema);
  if (file.size > CSV_MAX_BYTES) return csvProblem("The CSV file is larger than 1 MB.");
  const result = parseLinesCsv(await file.text());
  if (!result.ok)
    return csvProblem(`Nothing was imported. Fix these rows and upload again:\n${result.errors.join("\n")}`);
  return readSubmission(withCsvLines(formData, result.lines), schema);
}
