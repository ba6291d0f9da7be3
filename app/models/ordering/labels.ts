/**
 * The words people read for the ordering vocabularies: a purchase order's
 * status; units of measure and payment terms come from the shared vocabulary. The values stay codes in the
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

export { paymentTermsLabel, unitLabel } from "../shared/vocabulary-labels";
