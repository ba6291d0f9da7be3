/**
 * When an awarded PO's goods are due: the supplier's lead time counted from
 * the day of the award, or the date the buyer wanted them when that is
 * later (a supplier that can deliver early is not asked to). Dates are
 * calendar days (YYYY-MM-DD) in the RFQ's time zone. Pure.
 */
export function expectedDeliveryDate(input: {
  /** The day of the award, in the RFQ's time zone. */
  awardedOn: string;
  leadTimeDays: number;
  /** The RFQ's wanted-by date, if it had one. */
  wantedBy: string | null;
}): string {
  const [year, month, day] = input.awardedOn.split("-").map(Number);
  const ready = new Date(Date.UTC(year, month - 1, day + Math.max(0, input.leadTimeDays))).toISOString().slice(0, 10);
  // ISO dates compare as text.
  return input.wantedBy && input.wantedBy > ready ? input.wantedBy : ready;
}
