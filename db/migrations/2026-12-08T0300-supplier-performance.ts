import { sql, type Kysely } from "kysely";

/**
 * Supplier performance, counted as it happens: one row per buying
 * organisation, supplier and month, whose counters the events move in their
 * own transaction (an RFQ closing, an award, the receipt that completes a
 * PO, an invoice's first match). The comparison and the scorecard read these
 * rows instead of scanning the history. Open POs past their due date are
 * judged late at read time from a partial index of the few open ones.
 *
 * The backfill below counts what already happened with the same definitions
 * (app/models/ordering/supplier-performance.server.ts, decision 028).
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`create table supplier_performance_months (
    buyer_org_id uuid not null references organisations(id),
    supplier_org_id uuid not null references organisations(id),
    month date not null check (extract(day from month) = 1),
    invitations_closed integer not null default 0,
    invitations_answered integer not null default 0,
    quotes_decided integer not null default 0,
    quotes_won integer not null default 0,
    pos_judged integer not null default 0,
    pos_on_time integer not null default 0,
    lines_judged integer not null default 0,
    lines_exact integer not null default 0,
    invoices_first integer not null default 0,
    invoices_matched_first integer not null default 0,
    price_lines integer not null default 0,
    price_ratio_sum numeric(20, 6) not null default 0,
    primary key (buyer_org_id, supplier_org_id, month)
  )`.execute(db);
  // The POs a supplier still has to deliver: judged late at read time once due, so they must be few to find.
  await sql`create index purchase_orders_open_delivery_idx on purchase_orders (buyer_org_id, supplier_org_id)
    where status in ('issued', 'acknowledged', 'partially_received')`.execute(db);

  // Invitations of closed RFQs: answered when quoted or declined; counted in the month the RFQ closed.
  await sql`
    insert into supplier_performance_months as s (buyer_org_id, supplier_org_id, month, invitations_closed, invitations_answered)
    select i.buyer_org_id, i.supplier_org_id, date_trunc('month', r.closed_at at time zone 'UTC')::date,
      count(*), count(*) filter (where i.status in ('submitted', 'declined'))
    from rfq_invitations i join rfqs r on r.id = i.rfq_id
    where i.supplier_org_id is not null and r.closed_at is not null
    group by 1, 2, 3`.execute(db);

  // Quotes decided by an award, and won (in full or in part), in the month of the award.
  await sql`
    insert into supplier_performance_months as s (buyer_org_id, supplier_org_id, month, quotes_decided, quotes_won)
    select q.buyer_org_id, q.supplier_org_id, date_trunc('month', r.awarded_at at time zone 'UTC')::date,
      count(*), count(*) filter (where q.status in ('awarded', 'partially_awarded'))
    from quotes q join rfqs r on r.id = q.rfq_id
    where q.status in ('awarded', 'partially_awarded', 'not_awarded') and r.awarded_at is not null
    group by 1, 2, 3
    on conflict (buyer_org_id, supplier_org_id, month) do update
      set quotes_decided = s.quotes_decided + excluded.quotes_decided, quotes_won = s.quotes_won + excluded.quotes_won`.execute(
    db,
  );

  // Delivered POs: judged by the receipt that completed them, in the month they were due.
  await sql`
    with po as (
      select p.id, p.buyer_org_id, p.supplier_org_id, coalesce(p.promised_date, p.delivery_date) as due
      from purchase_orders p
      where p.status in ('issued', 'acknowledged', 'partially_received', 'received', 'invoiced', 'closed')
    ),
    running as (
      select l.po_id, l.id as line_id, l.quantity, r.received_on,
        sum(rl.quantity) over (partition by l.id order by r.received_on, r.created_at, rl.id) as received,
        sum(rl.quantity) over (partition by l.id) as total
      from po
      join purchase_order_lines l on l.po_id = po.id and l.kind = 'item'
      join receipt_lines rl on rl.po_line_id = l.id
      join receipts r on r.id = rl.receipt_id
    ),
    line_full as (
      select po_id, line_id, min(received_on) as full_on, bool_and(total = quantity) as exact
      from running where received >= quantity group by po_id, line_id
    ),
    po_lines as (
      select l.po_id, count(*) as line_count from purchase_order_lines l join po on po.id = l.po_id
      where l.kind = 'item' group by l.po_id
    ),
    po_full as (
      select po_id, count(*) as full_count, count(*) filter (where exact) as exact_count, max(full_on) as full_on
      from line_full group by po_id
    ),
    done as (
      select po.buyer_org_id, po.supplier_org_id, po.due, po_full.full_on, po_lines.line_count, po_full.exact_count
      from po join po_lines on po_lines.po_id = po.id join po_full on po_full.po_id = po.id
      where po_full.full_count = po_lines.line_count
    )
    insert into supplier_performance_months as s
      (buyer_org_id, supplier_org_id, month, pos_judged, pos_on_time, lines_judged, lines_exact)
    select buyer_org_id, supplier_org_id, date_trunc('month', coalesce(due, full_on))::date,
      count(*) filter (where due is not null), count(*) filter (where full_on <= due),
      sum(line_count), sum(exact_count)
    from done group by 1, 2, 3
    on conflict (buyer_org_id, supplier_org_id, month) do update
      set pos_judged = s.pos_judged + excluded.pos_judged, pos_on_time = s.pos_on_time + excluded.pos_on_time,
        lines_judged = s.lines_judged + excluded.lines_judged, lines_exact = s.lines_exact + excluded.lines_exact`.execute(
    db,
  );

  // Invoices by their first match, read from the audit log, in the month they were first submitted.
  await sql`
    with first_match as (
      select distinct on (e.entity_id) e.entity_id, e.to_state
      from audit_events e
      where e.entity_type = 'invoice' and e.event = 'MATCH'
      order by e.entity_id, e.created_at, e.id
    )
    insert into supplier_performance_months as s
      (buyer_org_id, supplier_org_id, month, invoices_first, invoices_matched_first)
    select i.buyer_org_id, i.supplier_org_id, date_trunc('month', i.created_at at time zone 'UTC')::date,
      count(*), count(*) filter (where f.to_state = 'matched')
    from invoices i join first_match f on f.entity_id = i.id
    group by 1, 2, 3
    on conflict (buyer_org_id, supplier_org_id, month) do update
      set invoices_first = s.invoices_first + excluded.invoices_first,
        invoices_matched_first = s.invoices_matched_first + excluded.invoices_matched_first`.execute(db);

  // Awarded lines of POs made by an award: the awarded goods price over the lowest one quoted for the line, each
  // converted with finance's latest rate on or before the close date; a quote without a rate is left out.
  await sql`
    with bids as (
      select q.rfq_id, q.supplier_org_id, qr.id as revision_id, ql.rfq_line_id,
        ql.line_total * case when qr.currency = r.currency then 1 else fx.rate end as converted
      from quotes q
      join rfqs r on r.id = q.rfq_id
      join quote_revisions qr on qr.quote_id = q.id and qr.revision = q.current_revision
      join quote_lines ql on ql.revision_id = qr.id and not ql.no_bid and ql.line_total is not null
      left join lateral (
        select f.rate from fx_rates f
        where f.org_id = r.org_id and f.base_currency = r.currency and f.quote_currency = qr.currency
          and f.valid_on <= (r.closed_at at time zone 'UTC')::date
        order by f.valid_on desc limit 1
      ) fx on true
      where q.status in ('awarded', 'partially_awarded', 'not_awarded') and r.awarded_at is not null
    ),
    best as (
      select rfq_line_id, min(converted) as lowest from bids where converted is not null group by rfq_line_id
    ),
    awarded as (
      select p.buyer_org_id, p.supplier_org_id, date_trunc('month', r.awarded_at at time zone 'UTC')::date as month,
        b.converted / best.lowest as ratio
      from purchase_orders p
      join rfqs r on r.id = p.rfq_id
      join purchase_order_lines l on l.po_id = p.id and l.kind = 'item' and l.rfq_line_id is not null
      join bids b on b.revision_id = p.quote_revision_id and b.rfq_line_id = l.rfq_line_id
      join best on best.rfq_line_id = l.rfq_line_id
      where b.converted is not null and best.lowest > 0
    )
    insert into supplier_performance_months as s (buyer_org_id, supplier_org_id, month, price_lines, price_ratio_sum)
    select buyer_org_id, supplier_org_id, month, count(*), round(sum(ratio), 6)
    from awarded group by 1, 2, 3
    on conflict (buyer_org_id, supplier_org_id, month) do update
      set price_lines = s.price_lines + excluded.price_lines,
        price_ratio_sum = s.price_ratio_sum + excluded.price_ratio_sum`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists purchase_orders_open_delivery_idx`.execute(db);
  await sql`drop table if exists supplier_performance_months`.execute(db);
}
