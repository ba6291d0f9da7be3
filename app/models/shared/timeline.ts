/**
 * A record's history in words: audit events (of a PO, its invoices, an RFQ
 * or an agreement) turned into sentences a person reads top to bottom,
 * "Alice Byrne submitted the order for approval", "Finance Person approved
 * it (1 of 2)". Pure: the pages load the events, this says them as catalogue
 * messages with their values (dates raw), which the page showing them puts in
 * its reader's words, locale and zone (`translated` with the reader's format).
 */
import { msg, msgWith, shown, type MessageValue } from "../../i18n/config";

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
  /** A catalogue message (`msg`/`msgWith`), said in the reader's words where it is shown. */
  text: string;
}

/** A PO's approval within its submission: the first of two, ... */
export interface ApprovalCount {
  done: number;
  needed: number;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
const reasonOf = (data: Record<string, unknown>) => text(data.reason) ?? text(data.overrideReason);

/**
 * What did the work when nobody did it by hand, as the audit data stores it
 * (`automatic`, see `auditedAsAutomatic`): the requisitions stage's codes and
 * the reorder run. Each is said as the subject of a sentence. A cause not
 * known here is shown as stored.
 */
const CAUSES: Record<string, string> = {
  "requisition ordering from agreements": msg("Requisition ordering from agreements"),
  "requisition approval rule": msg("The requisition approval rule"),
  "reorder run": msg("The reorder run"),
};

/**
 * Who did it, as the subject of a sentence: the person by name (data), else
 * the automatic cause in the reader's words, else the product itself.
 */
export function actorOf(actorName: string | null, data: Record<string, unknown> | null): MessageValue {
  if (actorName) return actorName;
  const automatic = text(data?.automatic);
  if (!automatic) return QUOTIENT;
  const known = CAUSES[automatic.toLowerCase().replace(/^the /, "")];
  return known ? shown.message(known) : automatic.charAt(0).toUpperCase() + automatic.slice(1);
}

const QUOTIENT = shown.message(msg("Quotient"));

/**
 * One sentence for an event, as a catalogue message with its values (said in
 * the reader's words and formatted for them where it is shown). Each entity
 * has its own sentences: a translator places "the order" or "the RFQ" in the
 * sentence, never a word glued to it. `approval` counts a PO's approvals
 * within their submission when more than one is needed.
 */
export function describeEvent(e: TimelineEvent, approval?: ApprovalCount): string {
  const data = e.data ?? {};
  const who = actorOf(e.actorName, data);
  return (
    (e.entityType === "purchase_order" ? orderSentence(e, who, data, approval) : null) ??
    (e.entityType === "invoice" ? invoiceSentence(e, who, data) : null) ??
    (e.entityType === "payment_hold" ? holdSentence(e, who, data) : null) ??
    (e.entityType === "rfq" ? rfqSentence(e, who, data) : null) ??
    (e.entityType === "agreement" ? agreementSentence(e, who, data) : null) ??
    (e.entityType === "quote" ? quoteSentence(e, who) : null) ??
    anySentence(e, who, data)
  );
}

function orderSentence(
  e: TimelineEvent,
  who: MessageValue,
  data: Record<string, unknown>,
  approval: ApprovalCount | undefined,
): string | null {
  const reason = reasonOf(data);
  switch (e.event) {
    case "CREATE": {
      const from = text(data.from);
      if (from === "award") return msgWith("{{who}} created the order from an award", { who });
      if (from === "agreement") return msgWith("{{who}} created the order as a call-off of an agreement", { who });
      return msgWith("{{who}} created the order", { who });
    }
    case "SUBMIT":
      return msgWith("{{who}} submitted the order for approval", { who });
    case "APPROVE":
      return approval
        ? msgWith("{{who}} approved it ({{done}} of {{needed}})", { who, ...approval })
        : msgWith("{{who}} approved it", { who });
    case "REVISE":
      return msgWith("{{who}} reopened the order as a draft to revise it", { who });
    case "ISSUE":
      // Issued by a person, by the automatic run that placed it, or else by the product once approved.
      return msgWith("{{who}} issued the order to the supplier", { who });
    case "ACKNOWLEDGE": {
      const promised = text(data.promisedDate);
      return promised
        ? msgWith("{{who}} acknowledged it, promising delivery by {{date}}", { who, date: shown.date(promised) })
        : msgWith("{{who}} acknowledged it", { who });
    }
    case "RECEIVE": {
      const note = text(data.deliveryNote);
      if (e.to_state === "received")
        return note
          ? msgWith("{{who}} recorded a delivery (delivery note {{note}}): everything is received", { who, note })
          : msgWith("{{who}} recorded a delivery: everything is received", { who });
      return note
        ? msgWith("{{who}} recorded a delivery (delivery note {{note}}): part of the goods are received", { who, note })
        : msgWith("{{who}} recorded a delivery: part of the goods are received", { who });
    }
    case "INVOICE":
      return msg("The order is invoiced in full");
    case "CLOSE":
      if (!e.actorName) return msg("The order closed");
      return reason
        ? msgWith("{{who}} closed the order: “{{reason}}”", { who, reason })
        : msgWith("{{who}} closed the order", { who });
    case "CHANGE": {
      const revision = typeof data.revision === "number" ? data.revision : null;
      if (revision !== null)
        return reason
          ? msgWith("{{who}} changed the order (revision {{revision}}): “{{reason}}”", { who, revision, reason })
          : msgWith("{{who}} changed the order (revision {{revision}})", { who, revision });
      return reason
        ? msgWith("{{who}} changed the order: “{{reason}}”", { who, reason })
        : msgWith("{{who}} changed the order", { who });
    }
  }
  return null;
}

function invoiceSentence(e: TimelineEvent, who: MessageValue, data: Record<string, unknown>): string | null {
  switch (e.event) {
    case "SUBMIT":
    case "CREATE": {
      const number = text(data.invoiceNumber);
      return number
        ? msgWith("{{who}} submitted invoice {{number}}", { who, number })
        : msgWith("{{who}} submitted an invoice", { who });
    }
    case "RESUBMIT":
      return typeof data.revision === "number"
        ? msgWith("{{who}} resubmitted the invoice (revision {{revision}})", { who, revision: data.revision })
        : msgWith("{{who}} resubmitted the invoice", { who });
    case "MATCH": {
      if (e.to_state !== "disputed") return msg("The invoice matched the order and receipts");
      // The differences the match found are the reason for the dispute, each a catalogue message (or, stored
      // before they were, an English sentence shown as it is).
      const differences = Array.isArray(data.differences)
        ? data.differences.filter((d): d is string => typeof d === "string" && d.trim() !== "")
        : [];
      return differences.length > 0
        ? msgWith("The invoice did not match the order and receipts, and is disputed: {{differences}}", {
            differences: shown.messages(differences, "; "),
          })
        : msg("The invoice did not match the order and receipts, and is disputed");
    }
    case "APPROVE": {
      const reason = text(data.overrideReason) ? reasonOf(data) : null;
      return reason
        ? msgWith("{{who}} approved the invoice despite the differences: “{{reason}}”", { who, reason })
        : msgWith("{{who}} approved the invoice", { who });
    }
    case "PAY": {
      const reference = text(data.reference);
      const paidOn = text(data.paidOn);
      if (paidOn) {
        const date = shown.date(paidOn);
        return reference
          ? msgWith("{{who}} recorded the payment made on {{date}} (reference {{reference}}): the invoice is paid", {
              who,
              date,
              reference,
            })
          : msgWith("{{who}} recorded the payment made on {{date}}: the invoice is paid", { who, date });
      }
      return reference
        ? msgWith("{{who}} recorded the payment (reference {{reference}}): the invoice is paid", { who, reference })
        : msgWith("{{who}} recorded the payment: the invoice is paid", { who });
    }
  }
  return null;
}

function holdSentence(e: TimelineEvent, who: MessageValue, data: Record<string, unknown>): string | null {
  const supplier = text(data.supplierName);
  switch (e.event) {
    case "PAYMENTS_HELD":
      return supplier
        ? msgWith("Payments to {{supplier}} were held: it changed its bank details", { supplier })
        : msg("Payments to the supplier were held: it changed its bank details");
    case "BANK_CHANGE_ACKNOWLEDGED":
      return supplier
        ? msgWith("{{who}} acknowledged {{supplier}}'s new bank details: payments are released", { who, supplier })
        : msgWith("{{who}} acknowledged the supplier's new bank details: payments are released", { who });
  }
  return null;
}

function rfqSentence(e: TimelineEvent, who: MessageValue, data: Record<string, unknown>): string | null {
  const reason = reasonOf(data);
  switch (e.event) {
    case "CREATE":
      return msgWith("{{who}} created the RFQ", { who });
    case "PUBLISH":
      return msgWith("{{who}} published the RFQ to the invited suppliers", { who });
    case "EXTEND_DEADLINE":
      return msgWith("{{who}} extended the deadline", { who });
    case "DEADLINE_REACHED":
      return msg("The deadline passed and the RFQ closed");
    case "CLOSE":
      if (!e.actorName) return msg("The RFQ closed");
      return reason
        ? msgWith("{{who}} closed the RFQ: “{{reason}}”", { who, reason })
        : msgWith("{{who}} closed the RFQ", { who });
    case "AWARD":
      return msgWith("{{who}} awarded the RFQ", { who });
  }
  return null;
}

function agreementSentence(e: TimelineEvent, who: MessageValue, data: Record<string, unknown>): string | null {
  const reason = reasonOf(data);
  switch (e.event) {
    case "CREATE":
      return text(data.from) === "award"
        ? msgWith("{{who}} created the agreement from an award", { who })
        : msgWith("{{who}} created the agreement", { who });
    case "SEND":
      return msgWith("{{who}} sent the agreement to the supplier", { who });
    case "EXPIRE":
      return msg("The agreement expired after its last day");
    case "CLOSE":
      if (!e.actorName) return msg("The agreement closed");
      return reason
        ? msgWith("{{who}} closed the agreement: “{{reason}}”", { who, reason })
        : msgWith("{{who}} closed the agreement", { who });
  }
  return null;
}

function quoteSentence(e: TimelineEvent, who: MessageValue): string | null {
  switch (e.event) {
    case "SUBMIT":
      return msgWith("{{who}} submitted the quote", { who });
    case "AWARD":
      return msgWith("{{who}} awarded the quote", { who });
  }
  return null;
}

/** What reads alike whatever was acted on ("approved it"), and any event no sentence knows yet, named as logged. */
function anySentence(e: TimelineEvent, who: MessageValue, data: Record<string, unknown>): string {
  const reason = reasonOf(data);
  switch (e.event) {
    case "APPROVE":
      return msgWith("{{who}} approved it", { who });
    case "REJECT":
      return reason
        ? msgWith("{{who}} rejected it: “{{reason}}”", { who, reason })
        : msgWith("{{who}} rejected it", { who });
    case "ACKNOWLEDGE":
      return msgWith("{{who}} acknowledged it", { who });
    case "DECLINE":
      return reason
        ? msgWith("{{who}} declined it: “{{reason}}”", { who, reason })
        : msgWith("{{who}} declined it", { who });
    case "CANCEL":
      return reason
        ? msgWith("{{who}} cancelled it: “{{reason}}”", { who, reason })
        : msgWith("{{who}} cancelled it", { who });
  }
  // An event's and a state's names are codes, shown as logged in lower case.
  const event = e.event.toLowerCase().replace(/_/g, " ");
  return e.to_state
    ? msgWith("{{who}}: {{event}}; it is now {{state}}", { who, event, state: e.to_state.replace(/_/g, " ") })
    : msgWith("{{who}}: {{event}}", { who, event });
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
    let approval: ApprovalCount | undefined;
    if (e.entityType === "purchase_order") {
      if (["SUBMIT", "CHANGE", "REVISE", "REJECT"].includes(e.event)) approvals = 0;
      if (e.event === "APPROVE") {
        approvals += 1;
        if (requiredApprovals && requiredApprovals > 1) approval = { done: approvals, needed: requiredApprovals };
      }
    }
    return { id: `${e.entityType}:${e.id}`, at: when(e), text: describeEvent(e, approval) };
  });
}
