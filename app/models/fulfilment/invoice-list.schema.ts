/** The invoice list's address (/invoices and its CSV): search, filters, order and page. */
import { z } from "zod";

import { INVOICE_STATUSES } from "../../../workflows/invoice.machine";
import { cursorField, optionalDateField, searchField, statusFilterField } from "../shared/fields.schema";
import { rangeProblem, sortFields } from "../shared/list-query.schema";
import { msg } from "../../i18n/config";

/** The columns the invoice list sorts by; "party" is the supplier (the buyer, on a supplier's list). */
export const INVOICE_SORT_KEYS = ["number", "party", "status", "total", "issued", "due"] as const;
export type InvoiceSortKey = (typeof INVOICE_SORT_KEYS)[number];
/** Amounts and invoice dates read best latest first; due dates soonest first. */
export const INVOICE_SORT_FIRST: Record<InvoiceSortKey, "asc" | "desc"> = {
  number: "asc",
  party: "asc",
  status: "asc",
  total: "desc",
  issued: "desc",
  due: "asc",
};

export const invoiceListQuery = z
  .object({
    q: searchField(200),
    status: statusFilterField(INVOICE_STATUSES),
    supplier: z.string().max(40, msg("Choose a supplier from the list.")).default(""),
    dueFrom: optionalDateField("first due date"),
    dueTo: optionalDateField("last due date"),
    disputed: z
      .enum(["", "1"], { error: msg("Tick the box or leave it clear.") })
      .default("")
      .transform((v) => v === "1"),
    ...sortFields(INVOICE_SORT_KEYS),
    after: cursorField,
  })
  .superRefine((v, ctx) => {
    const problem = rangeProblem(v.dueFrom, v.dueTo);
    if (problem) ctx.addIssue({ code: "custom", path: ["dueTo"], message: problem });
  });

export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;
