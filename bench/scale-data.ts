/**
 * Fills a database that holds the demo with a working portal's history, in
 * bulk SQL (`generate_series` through the app's own tables): setup for the
 * page benchmark, not a product path.
 *
 * Per RFQ: 5 or 6 lines; every RFQ past draft (19 in 20) invites 2
 * suppliers and holds their 2 quotes (10.45 quote lines an RFQ on average);
 * every awarded RFQ (half of them) has one PO of its lines, received and
 * invoiced as its status says. So 100,000 RFQs give about 1,045,000 quote
 * lines and 50,000 POs.
 * Nine RFQs in ten are Acme's, the tenth Initech's, as in the demo.
 */
import { sql } from "kysely";

import type { Db } from "../db/client.server";
import { ACME, BUYER, INITECH, INITECH_BUYER, type Demo } from "../tests/factories/demo";

export const EXTRA_SUPPLIERS = 48;

export interface ScaleFigures {
  rfqs: number;
  quoteLines: number;
  purchaseOrders: number;
  seconds: number;
}

/** Words the RFQ titles are made of, so that a search (`?q=`) finds some and not all. */
const WORDS = ["bearings", "fasteners", "hydraulic", "gaskets", "valves", "cables", "pumps", "sensors", "brackets"];

export async function fillScale(db: Db, demo: Demo, rfqs: number): Promise<ScaleFigures> {
  const started = performance.now();
  const acme = demo.orgId(ACME);
  const initech = demo.orgId(INITECH);
  const acmeBuyer = demo.actor(BUYER).userId;
  const initechBuyer = demo.actor(INITECH_BUYER).userId;
  const now = demo.now.toISOString();

  const extra = await db
    .insertInto("organisations")
    .values(
      Array.from({ length: EXTRA_SUPPLIERS }, (_, i) => ({
        name: `Scale Supplier ${String(i + 1).padStart(2, "0")}`,
        kind: "supplier" as const,
      })),
    )
    .returning("id")
    .execute();
  const suppliers = extra.map((s) => s.id);
  for (const buyerOrg of [acme, initech]) {
    await db
      .insertInto("supplier_relationships")
      .values(suppliers.map((id) => ({ buyer_org_id: buyerOrg, supplier_org_id: id, status: "active" as const })))
      .execute();
  }
  const n = suppliers.length;

  // One statement per table, each row derived from its number: i is the RFQ's number.
  await sql`
    insert into rfqs (org_id, reference, title, description, currency, deadline, status,
                      published_at, closed_at, awarded_at, created_by, created_at, updated_at)
    select
      case when i % 10 = 0 then ${initech}::uuid else ${acme}::uuid end,
      'SC-' || lpad(i::text, 7, '0'),
      initcap((${WORDS}::text[])[1 + i % ${WORDS.length}]) || ' for line ' || (i % 97) || ', batch ' || i,
      'Bench RFQ ' || i,
      'EUR',
      t + interval '14 days',
      s,
      case when s <> 'draft' then t end,
      case when s in ('closed', 'awarded') then t + interval '14 days' end,
      case when s = 'awarded' then t + interval '16 days' end,
      case when i % 10 = 0 then ${initechBuyer}::uuid else ${acmeBuyer}::uuid end,
      t, t
    from generate_series(1, ${rfqs}::int) as i,
      lateral (select ${now}::timestamptz - (${rfqs}::int - i) * interval '17 minutes' - interval '20 days' as t) as at,
      lateral (select case
        when i % 20 < 10 then 'awarded' when i % 20 < 14 then 'closed' when i % 20 < 18 then 'open'
        when i % 20 < 19 then 'draft' else 'cancelled' end as s) as st
  `.execute(db);
  const bench = sql`(select id, org_id, status, created_at, substr(reference, 4)::int as i
                     from rfqs where reference like 'SC-%')`;

  await sql`
    insert into rfq_lines (rfq_id, org_id, position, item_name, quantity, unit, target_price)
    select r.id, r.org_id, p, 'Item ' || r.i || '-' || p, (10 * p)::numeric, 'pcs', (5 + p)::numeric
    from ${bench} r, generate_series(1, 5 + r.i % 2) as p
  `.execute(db);

  // Two suppliers per RFQ, chosen by its number; a draft invites nobody yet.
  const pair = sql`(select r.*, k, (${suppliers}::uuid[])[1 + ((r.i + k * 7) % ${n})] as supplier
                    from ${bench} r, generate_series(0, 1) as k where r.status <> 'draft')`;
  await sql`
    insert into rfq_invitations (rfq_id, buyer_org_id, supplier_org_id, status, viewed_at, answered_at, created_at)
    select id, org_id, supplier, 'submitted', created_at + interval '1 day', created_at + interval '2 days', created_at
    from ${pair} x
  `.execute(db);
  await sql`
    insert into quotes (rfq_id, buyer_org_id, supplier_org_id, status, currency, created_at, updated_at)
    select id, org_id, supplier,
           case when status = 'awarded' then case when k = 0 then 'awarded' else 'not_awarded' end else 'submitted' end,
           'EUR', created_at + interval '2 days', created_at + interval '2 days'
    from ${pair} x
  `.execute(db);
  await sql`
    insert into quote_revisions (quote_id, revision, currency, lead_time_days, valid_until, subtotal, submitted_by, received_at)
    select q.id, 1, 'EUR', 7 + (r.i % 20), (q.created_at + interval '60 days')::date, '0', ${acmeBuyer}::uuid, q.created_at
    from quotes q join ${bench} r on r.id = q.rfq_id
  `.execute(db);
  await sql`
    insert into quote_lines (revision_id, rfq_line_id, unit_price, line_total)
    select qr.id, l.id, (6 + l.position + (hashtext(qr.id::text) & 7))::numeric,
           l.quantity * (6 + l.position + (hashtext(qr.id::text) & 7))
    from quote_revisions qr
    join quotes q on q.id = qr.quote_id
    join rfq_lines l on l.rfq_id = q.rfq_id
    join ${bench} r on r.id = q.rfq_id
  `.execute(db);
  await sql`
    update quote_revisions qr set subtotal = s.total
    from (select revision_id, sum(line_total) as total from quote_lines group by revision_id) s
    where s.revision_id = qr.id and qr.subtotal = 0
  `.execute(db);

  // One PO per awarded RFQ, from its awarded quote, with statuses as a working portal has them.
  await sql`
    insert into purchase_orders (number, buyer_org_id, supplier_org_id, rfq_id, quote_revision_id, status, currency,
                                 subtotal, tax_total, total, created_by, created_at, updated_at, submitted_at, issued_at)
    select 'PO-S-' || lpad(r.i::text, 7, '0'), r.org_id, q.supplier_org_id, r.id, qr.id,
      case
        when b < 600 then 'closed' when b < 700 then 'received' when b < 780 then 'invoiced'
        when b < 850 then 'issued' when b < 900 then 'acknowledged' when b < 930 then 'approved'
        when b < 950 then 'partially_received' when b < 970 then 'draft' when b < 985 then 'pending_approval'
        when b < 992 then 'rejected' when b < 997 then 'cancelled' else 'declined'
      end,
      'EUR', qr.subtotal, round(qr.subtotal * 0.19, 2), qr.subtotal + round(qr.subtotal * 0.19, 2),
      case when r.org_id = ${initech}::uuid then ${initechBuyer}::uuid else ${acmeBuyer}::uuid end,
      r.created_at + interval '16 days', r.created_at + interval '16 days',
      r.created_at + interval '16 days', r.created_at + interval '17 days'
    from ${bench} r
    join quotes q on q.rfq_id = r.id and q.status = 'awarded'
    join quote_revisions qr on qr.quote_id = q.id,
    lateral (select (r.i::bigint * 7919) % 1000 as b) as bucket
    where r.status = 'awarded'
  `.execute(db);
  const pos = sql`(select po.* from purchase_orders po where po.number like 'PO-S-%')`;
  await sql`
    insert into purchase_order_lines (po_id, position, rfq_line_id, item_name, quantity, unit, unit_price, tax_rate, line_total)
    select po.id, l.position, l.id, l.item_name, l.quantity, l.unit, ql.unit_price, 19, ql.line_total
    from ${pos} po
    join quote_lines ql on ql.revision_id = po.quote_revision_id
    join rfq_lines l on l.id = ql.rfq_line_id
  `.execute(db);
  await sql`
    insert into receipts (po_id, buyer_org_id, received_by, received_on, delivery_note, created_at)
    select id, buyer_org_id, created_by, (created_at + interval '10 days')::date, 'DN-' || number, created_at + interval '10 days'
    from ${pos} po where status in ('partially_received', 'received', 'invoiced', 'closed')
  `.execute(db);
  await sql`
    insert into receipt_lines (receipt_id, po_line_id, quantity)
    select rc.id, l.id, case when po.status = 'partially_received' and l.position > 2 then 1 else l.quantity end
    from receipts rc join ${pos} po on po.id = rc.po_id join purchase_order_lines l on l.po_id = po.id
  `.execute(db);
  await sql`
    insert into invoices (po_id, buyer_org_id, supplier_org_id, invoice_number, status, currency, subtotal, tax_total,
                          total, issued_on, due_on, submitted_by, created_at, updated_at)
    select id, buyer_org_id, supplier_org_id, 'INV-' || number, 'approved', currency, subtotal, tax_total, total,
           (created_at + interval '12 days')::date, (created_at + interval '42 days')::date, created_by,
           created_at + interval '12 days', created_at + interval '12 days'
    from ${pos} po where status in ('invoiced', 'closed')
  `.execute(db);
  await sql`
    insert into invoice_lines (invoice_id, po_line_id, quantity, unit_price, tax_rate, line_total)
    select inv.id, l.id, l.quantity, l.unit_price, l.tax_rate, l.line_total
    from invoices inv join ${pos} po on po.id = inv.po_id join purchase_order_lines l on l.po_id = po.id
  `.execute(db);
  await sql`analyze`.execute(db);

  const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(db)).rows[0]?.n);
  return {
    rfqs: await count(sql<{ n: string }>`select count(*) as n from rfqs`),
    quoteLines: await count(sql<{ n: string }>`select count(*) as n from quote_lines`),
    purchaseOrders: await count(sql<{ n: string }>`select count(*) as n from purchase_orders`),
    seconds: (performance.now() - started) / 1000,
  };
}
