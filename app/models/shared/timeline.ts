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
  const who = e.actorName ?? "Quotient";
  const data = e.data ?? {};
  const noun = NOUNS[e.entityType] ?? "it";
  if (e.entityType === "invoice") {
    const number = text(data.invoiceNumber);
    const invoice = number ? `invoice ${number}` : "an invoice";
    switch (e.event) {
      case "SUBMIT":
      case "CREATE":
        return `${who} submitted ${invoice}`;
      case "RESUBMIT":
        return `${who} resubmitted the invoice`;
      case "MATCH":
        return e.to_state === "disputed"
          ? "The invoice did not match the order and receipts, and is disputed"
          : "The invoice matched the order and receipts";
      case "APPROVE":
        return `${who} approved the invoice${because(data)}`;
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
      return `${e.actorName ? `${who} issued` : "Quotient issued"} ${noun} to the supplier`;
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
 * A history in words, oldest first. A PO's approvals are counted within
 * each submission ("approved it (1 of 2)"), against the approvals that
 * submission needed (`requiredApprovals`, as the PO holds it now).
 */
export function describeTimeline(
  events: readonly TimelineEvent[],
  { requiredApprovals }: { requiredApprovals?: number | null } = {},
): TimelineEntry[] {
  const sorted = [...events].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
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
    return { id: `${e.entityType}:${e.id}`, at: e.created_at, text: describeEvent(e, approval) };
  });
}
