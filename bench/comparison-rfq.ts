/**
 * The bench's comparison RFQs, built with bulk inserts (setup, not a
 * product path): see bench/comparison.ts.
 */
import type { Db } from "../db/client.server";
import { ACME, BUYER, type Demo } from "../tests/factories/demo";

const DAY = 86_400_000;
const CHUNK = 4_000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Decimal strings built from integers, so the setup never rounds through a float either. */
const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

/**
 * A closed RFQ with `suppliers` new supplier organisations quoting `lines`
 * lines each (every fifth supplier in USD, a few no-bids, MOQs and
 * alternates), plus four past POs per supplier with receipts, so the
 * delivery record has something to judge. Bulk inserts: this is setup.
 */
export async function buildRfq(demo: Demo, label: string, suppliers: number, lines: number): Promise<string> {
  const db = demo.db;
  const acme = demo.orgId(ACME);
  const buyer = demo.actor(BUYER).userId;
  const closedAt = new Date(demo.now.getTime() - DAY);
  const rfq = await db
    .insertInto("rfqs")
    .values({
      org_id: acme,
      reference: `BENCH-${label}`,
      title: `Bench comparison ${label}: ${suppliers} suppliers × ${lines} lines`,
      currency: "EUR",
      deadline: closedAt,
      status: "closed",
      published_at: new Date(closedAt.getTime() - 10 * DAY),
      closed_at: closedAt,
      created_by: buyer,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const rfqLines = await db
    .insertInto("rfq_lines")
    .values(
      Array.from({ length: lines }, (_, i) => ({
        rfq_id: rfq.id,
        org_id: acme,
        position: i + 1,
        item_name: `Part ${label}-${i + 1}`,
        quantity: String(10 + (i % 90)),
        unit: "pcs",
      })),
    )
    .returning(["id", "quantity"])
    .execute();
  const orgs = await db
    .insertInto("organisations")
    .values(
      Array.from({ length: suppliers }, (_, s) => ({
        name: `Bench supplier ${label} ${s + 1}`,
        kind: "supplier" as const,
      })),
    )
    .returning("id")
    .execute();
  await db
    .insertInto("rfq_invitations")
    .values(
      orgs.map((o) => ({ rfq_id: rfq.id, buyer_org_id: acme, supplier_org_id: o.id, status: "submitted" as const })),
    )
    .execute();
  const currencyOf = (s: number) => (s % 5 === 4 ? "USD" : "EUR");
  const quotes = await db
    .insertInto("quotes")
    .values(
      orgs.map((o, s) => ({
        rfq_id: rfq.id,
        buyer_org_id: acme,
        supplier_org_id: o.id,
        status: "submitted",
        currency: currencyOf(s),
        current_revision: 1,
      })),
    )
    .returning(["id", "supplier_org_id"])
    .execute();
  const priceOf = (s: number, l: number) => 100 + ((s * 37 + l * 11) % 900); // cents
  const revisions = await db
    .insertInto("quote_revisions")
    .values(
      quotes.map((q, s) => {
        let subtotal = 0;
        rfqLines.forEach((line, l) => (subtotal += priceOf(s, l) * Number(line.quantity)));
        return {
          quote_id: q.id,
          revision: 1,
          currency: currencyOf(s),
          lead_time_days: 5 + (s % 20),
          freight: "25.00",
          valid_until: new Date(demo.now.getTime() + (s % 3 === 0 ? -2 : 30) * DAY).toISOString().slice(0, 10),
          payment_terms: "Net 30",
          incoterm: "DAP",
          subtotal: cents(subtotal),
          submitted_by: buyer,
          received_at: new Date(closedAt.getTime() - DAY),
        };
      }),
    )
    .returning("id")
    .execute();
  const quoteLines = revisions.flatMap((r, s) =>
    rfqLines.map((line, l) => {
      const noBid = (s + l) % 23 === 0;
      const price = priceOf(s, l);
      return {
        revision_id: r.id,
        rfq_line_id: line.id,
        no_bid: noBid,
        unit_price: noBid ? null : cents(price),
        line_total: noBid ? null : cents(price * Number(line.quantity)),
        min_order_quantity: (s + l) % 50 === 0 ? "100" : null,
        alternate_offer: (s * 3 + l) % 61 === 0 ? `Equivalent part ALT-${l + 1}` : null,
      };
    }),
  );
  await insertChunked(quoteLines, (chunk) => db.insertInto("quote_lines").values(chunk).execute());
  await db
    .insertInto("fx_rates")
    .values({
      org_id: acme,
      base_currency: "EUR",
      quote_currency: "USD",
      rate: "0.9235",
      valid_on: new Date(closedAt.getTime() - 30 * DAY).toISOString().slice(0, 10),
    })
    .onConflict((oc) => oc.columns(["org_id", "base_currency", "quote_currency", "valid_on"]).doNothing())
    .execute();
  await pastPurchaseOrders(
    db,
    demo,
    label,
    orgs.map((o) => o.id),
  );
  return rfq.id;
}

async function pastPurchaseOrders(db: Db, demo: Demo, label: string, supplierIds: string[]) {
  const acme = demo.orgId(ACME);
  const buyer = demo.actor(BUYER).userId;
  const date = (days: number) => new Date(demo.now.getTime() + days * DAY).toISOString().slice(0, 10);
  const pos = await db
    .insertInto("purchase_orders")
    .values(
      supplierIds.flatMap((supplier, s) =>
        [0, 1, 2, 3].map((k) => ({
          number: `BENCH-${label}-${s}-${k}`,
          buyer_org_id: acme,
          supplier_org_id: supplier,
          status: "received",
          currency: "EUR",
          subtotal: "300.00",
          total: "300.00",
          delivery_date: date(-40 - k),
          promised_date: k === 3 ? null : date(-38 - k),
          created_by: buyer,
        })),
      ),
    )
    .returning(["id"])
    .execute();
  const poLines = await db
    .insertInto("purchase_order_lines")
    .values(
      pos.flatMap((po) =>
        [1, 2, 3].map((position) => ({
          po_id: po.id,
          position,
          item_name: `Past part ${position}`,
          quantity: "10",
          unit: "pcs",
          unit_price: "10.00",
          line_total: "100.00",
        })),
      ),
    )
    .returning(["id", "po_id"])
    .execute();
  const receipts = await db
    .insertInto("receipts")
    .values(
      pos.map((po, i) => ({
        po_id: po.id,
        buyer_org_id: acme,
        received_by: buyer,
        received_on: date(-39 - (i % 5)),
        delivery_note: `DN-BENCH-${i + 1}`,
      })),
    )
    .returning(["id", "po_id"])
    .execute();
  const receiptOf = new Map(receipts.map((r) => [r.po_id, r.id]));
  await db
    .insertInto("receipt_lines")
    .values(poLines.map((l) => ({ receipt_id: receiptOf.get(l.po_id) as string, po_line_id: l.id, quantity: "10" })))
    .execute();
}
