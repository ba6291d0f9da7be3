/** The supplier's own quote revisions, newest first, with what each changed. */
import { toDecimal } from "../../utils/money";
import { priceQuote } from "../shared/pricing";
import { listRevisionAttachments } from "./quote-files.server";
import { type Ctx } from "../shared/context.server";
import { loadRfqFor } from "./rfq.server";

export interface RevisionFile {
  id: string;
  filename: string;
  size_bytes: number;
  sha256: string;
}

export interface RevisionView {
  revision: number;
  /** ISO 4217 code the revision's amounts are in. */
  currency: string;
  /** Files received with this revision. */
  files: RevisionFile[];
  receivedAt: Date;
  submittedBy: string;
  terms: Record<RevisionTerm, string>;
  lines: Record<string, Record<LineTerm, string>>;
  /** What the revision priced: each line's total (null: no bid or no price), the subtotal, charges and total. */
  prices: {
    lines: { label: string; quantity: string; unitPrice: string | null; total: string | null }[];
    subtotal: string;
    charges: string;
    total: string;
  };
}

type RevisionTerm =
  | "Currency"
  | "Lead time (days)"
  | "Freight"
  | "Other charges"
  | "Valid until"
  | "Payment terms"
  | "Incoterm"
  | "Notes"
  | "Subtotal";

type LineTerm = "Unit price" | "Minimum order quantity" | "Alternate offer";

export interface RevisionChange {
  /** "Freight", or "Hex nut M8: Unit price". */
  what: string;
  from: string;
  to: string;
}

const asText = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));

const asAmount = (v: string | null) => (v === null ? "—" : toDecimal(v).toString());

/**
 * The supplier's own revisions, newest first, with what each said. Only the
 * supplier's organisation can reach these rows: the query is scoped by it.
 */
export async function getOwnRevisionHistory(ctx: Ctx, { rfqId }: { rfqId: string }) {
  const { db, actor } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  const quote = await db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", actor.orgId)
    .select(["id", "status", "current_revision"])
    .executeTakeFirst();
  if (!quote) return { quote: null, revisions: [] as RevisionView[] };
  const rfqLines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", rfqId)
    .select(["id", "position", "item_name", "quantity"])
    .orderBy("position")
    .execute();
  const revisions = await db
    .selectFrom("quote_revisions")
    .innerJoin("users", "users.id", "quote_revisions.submitted_by")
    .where("quote_revisions.quote_id", "=", quote.id)
    .selectAll("quote_revisions")
    .select("users.name as submittedByName")
    .orderBy("quote_revisions.revision", "desc")
    .execute();
  const lines = revisions.length
    ? await db
        .selectFrom("quote_lines")
        .where(
          "revision_id",
          "in",
          revisions.map((r) => r.id),
        )
        .selectAll()
        .execute()
    : [];
  const files = await listRevisionAttachments(
    db,
    revisions.map((r) => r.id),
  );
  const pricesOf = (r: (typeof revisions)[number]) => {
    const { priced, subtotal, total } = priceQuote(
      rfqLines.map((rl) => {
        const l = lines.find((x) => x.revision_id === r.id && x.rfq_line_id === rl.id);
        return {
          label: `${rl.position}. ${rl.item_name}`,
          quantity: toDecimal(rl.quantity).toString(),
          unitPrice: l && !l.no_bid && l.unit_price !== null ? l.unit_price : null,
        };
      }),
      { freight: r.freight, otherCharges: r.other_charges },
      r.currency,
    );
    const charges = toDecimal(r.freight ?? "0")
      .plus(r.other_charges ?? "0")
      .toString();
    return { lines: priced, subtotal, charges, total };
  };
  const views: RevisionView[] = revisions.map((r) => ({
    prices: pricesOf(r),
    revision: r.revision,
    currency: r.currency,
    files: (files.get(r.id) ?? []).map(({ id, filename, size_bytes, sha256 }) => ({
      id,
      filename,
      size_bytes,
      sha256,
    })),
    receivedAt: r.received_at,
    submittedBy: r.submittedByName,
    terms: {
      Currency: r.currency,
      "Lead time (days)": asText(r.lead_time_days),
      Freight: asAmount(r.freight),
      "Other charges": asAmount(r.other_charges),
      "Valid until": asText(r.valid_until),
      "Payment terms": asText(r.payment_terms),
      Incoterm: asText(r.incoterm),
      Notes: asText(r.notes),
      Subtotal: asAmount(r.subtotal),
    },
    lines: Object.fromEntries(
      rfqLines.map((rl) => {
        const l = lines.find((x) => x.revision_id === r.id && x.rfq_line_id === rl.id);
        return [
          `${rl.position}. ${rl.item_name}`,
          {
            "Unit price": l?.no_bid ? "No bid" : asAmount(l?.unit_price ?? null),
            "Minimum order quantity": asAmount(l?.min_order_quantity ?? null),
            "Alternate offer": asText(l?.alternate_offer),
          },
        ];
      }),
    ),
  }));
  return { quote, revisions: views };
}

/** What changed from one revision to another, term by term and line by line. */
export function diffQuoteRevisions(from: RevisionView, to: RevisionView): RevisionChange[] {
  const changes: RevisionChange[] = [];
  for (const key of Object.keys(to.terms) as RevisionTerm[]) {
    if (from.terms[key] !== to.terms[key]) changes.push({ what: key, from: from.terms[key], to: to.terms[key] });
  }
  for (const [line, terms] of Object.entries(to.lines)) {
    for (const key of Object.keys(terms) as LineTerm[]) {
      const before = from.lines[line]?.[key] ?? "—";
      if (before !== terms[key]) changes.push({ what: `${line}: ${key}`, from: before, to: terms[key] });
    }
  }
  return changes;
}
