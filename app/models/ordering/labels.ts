/**
 * The words people read for the ordering vocabularies: a purchase order's
 * status, a unit of measure, payment terms. The values stay codes in the
 * database and on the wire; these are catalogue keys, translated where shown.
 * Pure, shared by browser and server.
 */
import { msg } from "../../i18n/config";
import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";

export const PO_STATUS_LABELS: Record<PurchaseOrderStatus, string> = {
  draft: msg("draft"),
  pending_approval: msg("pending approval"),
  approved: msg("approved"),
  rejected: msg("rejected"),
  issued: msg("issued"),
  acknowledged: msg("acknowledged"),
  declined: msg("declined"),
  partially_received: msg("partially received"),
  received: msg("received"),
  invoiced: msg("invoiced"),
  closed: msg("closed"),
  cancelled: msg("cancelled"),
};

/** A status as a catalogue key; an unknown code is shown as it is. */
export function poStatusLabel(status: string): string {
  return PO_STATUS_LABELS[status as PurchaseOrderStatus] ?? status;
}

const UNIT_LABELS: Record<string, string> = {
  pcs: msg("pcs"),
  kg: msg("kg"),
  m: msg("m"),
  l: msg("l"),
  box: msg("box"),
  set: msg("set"),
  h: msg("h"),
  // Charges (freight) are counted by the lot.
  lot: msg("lot"),
};

/** A unit of measure as a catalogue key ("pcs"); a unit outside the list is shown as it was stored. */
export function unitLabel(unit: string): string {
  return UNIT_LABELS[unit] ?? unit;
}

const PAYMENT_TERM_LABELS: Record<string, string> = {
  "Net 15": msg("Net 15"),
  "Net 30": msg("Net 30"),
  "Net 45": msg("Net 45"),
  "Net 60": msg("Net 60"),
  "Net 90": msg("Net 90"),
  "Payment in advance": msg("Payment in advance"),
};

/** Payment terms as a catalogue key; terms outside the list are shown as they were stored. */
export function paymentTermsLabel(terms: string): string {
  return PAYMENT_TERM_LABELS[terms] ?? terms;
}
