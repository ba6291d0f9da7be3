/**
 * The bench's comparison RFQs, built with bulk inserts (setup, not a
 * product path): see bench/comparison.ts.
 */
import { sql } from "kysely";
import type { Db } from "../db/client.server";
import { recountDeliveries } from "../app/models/ordering/supplier-performance.server";
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
 * alternates), plus `pastPerSupplier` past POs per supplier with receipts,
 * so the delivery record has a history to judge. Bulk inserts: this is setup.
 */
export async function buildRfq(
  demo: Demo,
  label: string,
  suppliers: number,
  lines: number,
  pastPerSupplier = 4,
): Promise<string> {
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
    pastPerSupplier,
  );
  return rfq.id;
}

/**
 * `perSupplier` received POs per supplier, spread over the last two years,
 * three lines each, received in one delivery around the due date (about one
 * in five late), in one statement with generate_series; then the monthly
 * counters the receipts would have kept are rebuilt from them.
 */
async function pastPurchaseOrders(db: Db, demo: Demo, label: string, supplierIds: string[], perSupplier: number) {
  const acme = demo.orgId(ACME);
  const buyer = demo.actor(BUYER).userId;
  const today = demo.now.toISOString().slice(0, 10);
  await sql`
    with pos as (
      insert into purchase_orders
        (number, buyer_org_id, supplier_org_id, status, currency, subtotal, total, delivery_date, promised_date, created_by)
      select 'BENCH-' || ${label} || '-' || s.ord || '-' || k, ${acme}, s.id, 'received', 'EUR', '300.00', '300.00',
        ${today}::date - (40 + k % 700), case when k % 4 = 3 then null else ${today}::date - (38 + k % 700) end,
        ${buyer}
      from unnest(${supplierIds}::uuid[]) with ordinality as s(id, ord), generate_series(0, ${perSupplier - 1}::int) as k
      returning id, delivery_date, number
    ),
    lines as (
      insert into purchase_order_lines (po_id, position, item_name, quantity, unit, unit_price, line_total)
      select pos.id, n, 'Past part ' || n, '10', 'pcs', '10.00', '100.00' from pos, generate_series(1, 3) as n
      returning id, po_id
    ),
    receipts as (
      insert into receipts (po_id, buyer_org_id, received_by, received_on, delivery_note)
      select pos.id, ${acme}, ${buyer}, pos.delivery_date + (abs(hashtext(pos.number)) % 5) - 3, 'DN-' || pos.number
      from pos
      returning id, po_id
    )
    insert into receipt_lines (receipt_id, po_line_id, quantity)
    select receipts.id, lines.id, '10' from lines join receipts on receipts.po_id = lines.po_id
  `.execute(db);
  await recountDeliveries(db, acme);
}
