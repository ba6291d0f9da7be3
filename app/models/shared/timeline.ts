/**
 * A record's history in words: audit events (of a PO, its invoices, an RFQ
 * or an agreement) turned into sentences a person reads top to bottom,
 * "Alice Byrne submitted the order for approval", "Finance Person approved
 * it (1 of 2)". Pure: the pages load the events, this says them.
 */

export interface TimelineEvent {
  id: string | number;
  created_at: Date;
  /** Who did it; null for the system (a scheduled job, a match). */
  actorName: string | null;
  /** The audited entity: "purchase_order", "invoice", "rfq", "agreement", ... */
  entityType: string;
  event: string;
  to_state: string | null;
  data: Record<string, unknown> | null;
}

export interface TimelineEntry {
  id: string;
  at: Date;
  text: string;
}

const words = (state: string) => state.replace(/_/g, " ");
const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
const because = (data: Record<string, unknown> | null) => {
  const reason = text(data?.reason) ?? text(data?.overrideReason);
  return reason ? `: “${reason}”` : "";
};

const NOUNS: Record<string, string> = {
  purchase_order: "the order",
  invoice: "the invoice",
  rfq: "the RFQ",
  agreement: "the agreement",
  quote: "the quote",
};

/** One sentence for an event; `approval` is "(1 of 2)" for a PO's approvals when known. */
export function describeEvent(e: TimelineEvent, approval = ""): string {
  const data = e.data ?? {};
  // Work nobody did by hand names what did it ("requisition ordering from agreements"), else the product.
  const automatic = text(data.automatic);
  const who = e.actorName ?? (automatic ? automatic.charAt(0).toUpperCase() + automatic.slice(1) : "Quotient");
  const noun = NOUNS[e.entityType] ?? "it";
  if (e.entityType === "invoice") {
    const number = text(data.invoiceNumber);
    const invoice = number ? `invoice ${number}` : "an invoice";
    switch (e.event) {
      case "SUBMIT":
      case "CREATE":
        return `${who} submitted ${invoice}`;
      case "RESUBMIT": {
        const revision = typeof data.revision === "number" ? ` (revision ${data.revision})` : "";
        return `${who} resubmitted the invoice${revision}`;
      }
      case "MATCH": {
        if (e.to_state !== "disputed") return "The invoice matched the order and receipts";
        // The differences the match found are the reason for the dispute, in the match's own words.
        const differences = Array.isArray(data.differences)
          ? data.differences.filter((d): d is string => typeof d === "string" && d.trim() !== "")
          : [];
        return `The invoice did not match the order and receipts, and is disputed${
          differences.length > 0 ? `: ${differences.join("; ")}` : ""
        }`;
      }
      case "APPROVE":
        return text(data.overrideReason)
          ? `${who} approved the invoice despite the differences${because(data)}`
          : `${who} approved the invoice`;
      case "PAY": {
        const reference = text(data.reference);
        const paidOn = text(data.paidOn);
        return `${who} recorded the payment${paidOn ? ` made on ${paidOn}` : ""}${
          reference ? ` (reference ${reference})` : ""
        }: the invoice is paid`;
      }
    }
  }
  if (e.entityType === "payment_hold") {
    const supplier = text(data.supplierName) ?? "the supplier";
    switch (e.event) {
      case "PAYMENTS_HELD":
        return `Payments to ${supplier} were held: it changed its bank details`;
      case "BANK_CHANGE_ACKNOWLEDGED":
        return `${who} acknowledged ${supplier}'s new bank details: payments are released`;
    }
  }
  switch (e.event) {
    case "CREATE": {
      const from = text(data.from);
      if (from === "award") return `${who} created ${noun} from an award`;
      if (from === "agreement") return `${who} created ${noun} as a call-off of an agreement`;
      return `${who} created ${noun}`;
    }
    case "SUBMIT":
      return e.entityType === "purchase_order" ? `${who} submitted the order for approval` : `${who} submitted ${noun}`;
    case "APPROVE":
      return `${who} approved it${approval ? ` ${approval}` : ""}`;
    case "REJECT":
      return `${who} rejected it${because(data)}`;
    case "REVISE":
      return `${who} reopened ${noun} as a draft to revise it`;
    case "ISSUE":
      // Issued by a person, by the automatic run that placed it, or else by the product once approved.
      return `${who} issued ${noun} to the supplier`;
    case "ACKNOWLEDGE": {
      const promised = text(data.promisedDate);
      return `${who} acknowledged it${promised ? `, promising delivery by ${promised}` : ""}`;
    }
    case "DECLINE":
      return `${who} declined it${because(data)}`;
    case "RECEIVE": {
      const note = text(data.deliveryNote);
      const now = e.to_state === "received" ? "everything is received" : "part of the goods are received";
      return `${who} recorded a delivery${note ? ` (delivery note ${note})` : ""}: ${now}`;
    }
    case "INVOICE":
      return `The order is invoiced in full`;
    case "CLOSE":
      return e.actorName ? `${who} closed ${noun}${because(data)}` : `${noun[0].toUpperCase()}${noun.slice(1)} closed`;
    case "CANCEL":
      return `${who} cancelled it${because(data)}`;
    case "CHANGE": {
      const revision = typeof data.revision === "number" ? ` (revision ${data.revision})` : "";
      return `${who} changed the order${revision}${because(data)}`;
    }
    case "PUBLISH":
      return `${who} published ${noun} to the invited suppliers`;
    case "EXTEND_DEADLINE":
      return `${who} extended the deadline`;
    case "DEADLINE_REACHED":
      return `The deadline passed and ${noun} closed`;
    case "AWARD":
      return `${who} awarded ${noun}`;
    case "SEND":
      return `${who} sent ${noun} to the supplier`;
    case "EXPIRE":
      return `${noun[0].toUpperCase()}${noun.slice(1)} expired after its last day`;
  }
  const state = e.to_state ? `; ${noun} is now ${words(e.to_state)}` : "";
  return `${who}: ${words(e.event.toLowerCase())}${state}`;
}

/**
 * When it happened: a workflow event carries the instant its use case ran at
 * (`at`, the same clock that wrote the row's own timestamps); other events
 * only have the moment they were logged.
 */
export function instantOf(e: Pick<TimelineEvent, "created_at" | "data">): Date {
  const at = e.data?.at;
  if (typeof at === "string") {
    const instant = new Date(at);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  return e.created_at;
}

/**
 * The instant of each audit event (numeric id) for a timeline: its own
 * (`instantOf`), but never before an event written earlier. A use case may
 * log an event without `at` (stamped by the database when its transaction
 * began) and then one with `at` (the use case's clock, a moment earlier) in
 * one transaction; the log's order is the truth.
 */
export function writtenTimes(events: readonly Pick<TimelineEvent, "id" | "created_at" | "data">[]): Map<string, Date> {
  const logged = events
    .filter((e) => /^\d+$/.test(String(e.id)))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  const times = new Map<string, Date>();
  let last = -Infinity;
  for (const e of logged) {
    last = Math.max(last, instantOf(e).getTime());
    times.set(String(e.id), new Date(last));
  }
  return times;
}

/**
 * A history in words, oldest first. A PO's approvals are counted within
 * each submission ("approved it (1 of 2)"), against the approvals that
 * submission needed (`requiredApprovals`, as the PO holds it now).
 */
export function describeTimeline(
  events: readonly TimelineEvent[],
  { requiredApprovals }: { requiredApprovals?: number | null } = {},
): TimelineEntry[] {
  const written = writtenTimes(events);
  const when = (e: TimelineEvent) => written.get(String(e.id)) ?? e.created_at;
  const logOrder = (a: TimelineEvent, b: TimelineEvent) =>
    written.has(String(a.id)) && written.has(String(b.id)) ? Number(BigInt(a.id) - BigInt(b.id)) : 0;
  const sorted = [...events].sort((a, b) => when(a).getTime() - when(b).getTime() || logOrder(a, b));
  let approvals = 0;
  return sorted.map((e) => {
    let approval = "";
    if (e.entityType === "purchase_order") {
      if (["SUBMIT", "CHANGE", "REVISE", "REJECT"].includes(e.event)) approvals = 0;
      if (e.event === "APPROVE") {
        approvals += 1;
        if (requiredApprovals && requiredApprovals > 1) approval = `(${approvals} of ${requiredApprovals})`;
      }
    }
    return { id: `${e.entityType}:${e.id}`, at: when(e), text: describeEvent(e, approval) };
  });
}
