/** The words people read for an invoice's status; codes stay in the database, these are catalogue keys. Pure. */
import { msg } from "../../i18n/config";
import type { InvoiceStatus } from "../../../workflows/invoice.machine";

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  submitted: msg("submitted"),
  matched: msg("matched"),
  disputed: msg("disputed"),
  approved: msg("approved"),
  paid: msg("paid"),
};
