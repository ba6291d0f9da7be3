/** Reading purchase orders: the list with its filters, finance's approval queue, and the PO page. */
import { redirect } from "@remix-run/node";
import { sql, type SqlBool } from "kysely";
import { containing, idsByPartyName } from "../shared/sql.server";
import {
  afterCursor,
  decodeSortCursor,
  pageOf,
  sortKeyOf,
  type ListSort,
  type SortColumn,
} from "../shared/list-sort.server";
import { toDecimal } from "../../utils/money";
import { PO_SORT_FIRST, type PoSortKey } from "./po-sort";
import type { PoListQuery } from "./po-list.schema";
import {
  INVOICEABLE_STATUSES,
  purchaseOrderWorkflow,
  type PurchaseOrderStatus,
} from "../../../workflows/purchase-order.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { accessibleWhere } from "../../auth/accessible.server";
import { onSupplierSide, subject } from "../../auth/ability";
import { csvStream, EXPORT_BATCH, type CsvReader } from "../shared/csv.server";
import { msg } from "../../i18n/config";
import { formatInstant } from "../../utils/time";
import { listReceipts, receivedByLine } from "./ledger.server";
import { changeHiddenFrom, loadPurchaseOrderFor, poContext, tag } from "./purchase-order.server";
import { type Ctx } from "../shared/context.server";
import { viewerToday } from "../shared/today.server";
import { approvalFactsFor } from "./approval-policy.server";
import { describeTimeline } from "../shared/timeline";
import { describeApprovalRule, describePolicyAmount, toPolicyAmount } from "./approval-rule";
import { awardFactsFromSummary, type AwardFacts } from "./award-summary";

export const PO_PAGE_SIZE = 25;

export const PO_DEFAULT_SORT: ListSort<PoSortKey> = { key: "created", direction: "desc" };

export interface PoListFilters {
  status?: PurchaseOrderStatus;
  supplierOrgId?: string;
  /** Text in the PO number, the other party's name or an item's name. */
  search?: string;
  /** Created on or after / on or before these days (UTC), "YYYY-MM-DD". */
  createdFrom?: string;
  createdTo?: string;
  sort?: ListSort<PoSortKey>;
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor?: string;
  pageSize?: number;
}

/**
 * One page of the POs this person may read, in the order asked (newest
 * first unless told). Keyset pagination on (sort column, id) so page 500
 * costs what page 1 does; the default order runs on the
 * (buyer_org_id, created_at, id) index. Each row carries its progress: the
 * share of the ordered goods received and of the value invoiced.
 */
export async function listPurchaseOrderPage(ctx: Ctx, filters: PoListFilters = {}) {
  const { db, ability } = ctx;
  const where = accessibleWhere(ability, "read", "PurchaseOrder");
  if (!where) return { rows: [], nextCursor: null as string | null };
  const pageSize = filters.pageSize ?? PO_PAGE_SIZE;
  const sort = filters.sort ?? PO_DEFAULT_SORT;
  // The supplier's view (only suppliers acknowledge): a change order awaiting the buyer's approval
  // is internal, so its row shows the revision in force, with the status it had before the change.
  const supplierView = !ability.can("readPendingChange", "PurchaseOrder");
  const changePending = sql<boolean>`(purchase_orders.status = 'pending_approval' and purchase_orders.change_from is not null)`;
  // Plain columns for everyone else, so the status filter keeps its index.
  const shownStatus = supplierView
    ? sql<PurchaseOrderStatus>`case when ${changePending} then purchase_orders.change_from else purchase_orders.status end`
    : sql<PurchaseOrderStatus>`purchase_orders.status`;
  const shownTotal = supplierView
    ? sql<string>`case when ${changePending} then (in_force.snapshot ->> 'total')::numeric(18, 2) else purchase_orders.total end`
    : sql<string>`purchase_orders.total`;
  const columns: Record<PoSortKey, SortColumn> = {
    number: { expression: sql`purchase_orders.number`, kind: "text" },
    party: { expression: supplierView ? sql`buyer.name` : sql`supplier.name`, kind: "text" },
    status: { expression: sql`(${shownStatus})::text`, kind: "text" },
    total: { expression: shownTotal, kind: "numeric" },
    created: { expression: sql`purchase_orders.created_at`, kind: "timestamp" },
  };
  const column = columns[sort.key];
  let query = db
    .selectFrom("purchase_orders")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .$if(supplierView, (qb) =>
      qb.leftJoin("purchase_order_revisions as in_force", (join) =>
        join
          .onRef("in_force.po_id", "=", "purchase_orders.id")
          .on(sql<boolean>`in_force.revision = purchase_orders.revision - 1`),
      ),
    )
    .where((eb) => where(eb))
    .select([
      "purchase_orders.id",
      "purchase_orders.number",
      shownStatus.as("status"),
      shownTotal.as("total"),
      "purchase_orders.currency",
      "purchase_orders.created_at",
      "supplier.name as supplierName",
      "buyer.name as buyerName",
      sortKeyOf(column).as("sortKey"),
    ])
    .orderBy(column.expression, sort.direction)
    .orderBy("purchase_orders.id", sort.direction)
    .limit(pageSize + 1);
  if (filters.status) query = query.where(shownStatus, "=", filters.status);
  if (filters.supplierOrgId) query = query.where("purchase_orders.supplier_org_id", "=", filters.supplierOrgId);
  if (filters.createdFrom)
    query = query.where(sql<SqlBool>`purchase_orders.created_at >= (${filters.createdFrom}::date at time zone 'UTC')`);
  if (filters.createdTo)
    query = query.where(
      sql<SqlBool>`purchase_orders.created_at < ((${filters.createdTo}::date + 1) at time zone 'UTC')`,
    );
  const search = filters.search?.trim();
  // The search is for literal text in the number, the other party's name or an item; a supplier never
  // matches an item of a change still awaiting the buyer's approval (its lines are not the supplier's yet).
  if (search) {
    const pattern = containing(search);
    // One index per column (trigrams), the ids joined (IN ignores repeats, so no UNION needs to drop them): an OR across joined tables would read every row.
    query = query.where(
      "purchase_orders.id",
      "in",
      db
        .selectFrom("purchase_orders as found")
        .where("found.number", "ilike", pattern)
        .select("found.id")
        .unionAll(idsByPartyName(db, "purchase_orders", supplierView ? "buyer_org_id" : "supplier_org_id", pattern))
        .unionAll(
          db
            .selectFrom("purchase_order_lines as found")
            .innerJoin("purchase_orders as found_po", "found_po.id", "found.po_id")
            .where("found.item_name", "ilike", pattern)
            .$if(supplierView, (qb) =>
              qb.where(sql<SqlBool>`not (found_po.status = 'pending_approval' and found_po.change_from is not null)`),
            )
            .select("found.po_id as id"),
        ),
    );
  }
  const after = decodeSortCursor(filters.cursor, sort, column.kind);
  if (after) query = query.where(afterCursor(column, "purchase_orders.id", sort.direction, after));
  const page = pageOf(await query.execute(), pageSize, sort);
  const progress = await progressOf(ctx, page.rows);
  return {
    rows: page.rows.map((row) => ({ ...row, ...(progress.get(row.id) ?? NO_PROGRESS) })),
    nextCursor: page.nextCursor,
  };
}

const NO_PROGRESS = { receivedPercent: null as number | null, invoicedPercent: null as number | null };

/**
 * How far each PO of a page has come: the share of its ordered goods
 * received (charges are never received) and of its total invoiced, in whole
 * percent. Two grouped queries for the whole page, on the po_id indexes.
 */
async function progressOf({ db }: Ctx, rows: { id: string; total: string }[]) {
  const result = new Map<string, typeof NO_PROGRESS>();
  if (rows.length === 0) return result;
  const ids = rows.map((r) => r.id);
  const [ordered, received, invoiced] = await Promise.all([
    db
      .selectFrom("purchase_order_lines")
      .where("po_id", "in", ids)
      .where("kind", "=", "item")
      .groupBy("po_id")
      .select(["po_id", (eb) => eb.fn.sum<string>("quantity").as("quantity")])
      .execute(),
    db
      .selectFrom("receipts")
      .innerJoin("receipt_lines", "receipt_lines.receipt_id", "receipts.id")
      .where("receipts.po_id", "in", ids)
      .groupBy("receipts.po_id")
      .select(["receipts.po_id", (eb) => eb.fn.sum<string>("receipt_lines.quantity").as("quantity")])
      .execute(),
    db
      .selectFrom("invoices")
      .where("po_id", "in", ids)
      .groupBy("po_id")
      .select(["po_id", (eb) => eb.fn.sum<string>("total").as("total")])
      .execute(),
  ]);
  const orderedOf = new Map(ordered.map((r) => [r.po_id, String(r.quantity)]));
  const receivedOf = new Map(received.map((r) => [r.po_id, String(r.quantity)]));
  const invoicedOf = new Map(invoiced.map((r) => [r.po_id, String(r.total)]));
  for (const row of rows) {
    const goods = orderedOf.get(row.id);
    result.set(row.id, {
      receivedPercent: goods === undefined ? null : wholePercent(receivedOf.get(row.id) ?? "0", goods),
      invoicedPercent: wholePercent(invoicedOf.get(row.id) ?? "0", row.total),
    });
  }
  return result;
}

/** part / whole in whole percent, rounded down so 99.6 % never shows as done; null when there is no whole. */
function wholePercent(part: string, whole: string): number | null {
  const w = toDecimal(whole);
  if (w.isZero()) return null;
  return toDecimal(part).times(100).dividedBy(w).floor().toNumber();
}

/** The list's filters from its address: the supplier only when it is one of the reader's (any other id filters nothing). */
export function poFiltersFrom(query: PoListQuery, suppliers: { id: string }[]): PoListFilters {
  return {
    status: query.status,
    supplierOrgId: suppliers.some((s) => s.id === query.supplier) ? query.supplier : undefined,
    search: query.q,
    createdFrom: query.from,
    createdTo: query.to,
    sort: query.sort ? { key: query.sort, direction: query.dir ?? PO_SORT_FIRST[query.sort] } : undefined,
    cursor: query.after,
  };
}

/**
 * The list as CSV: the same rows, order and progress as the page, every page of them. Column names from the
 * catalogue in the reader's language; the time made in their zone beside UTC; statuses as codes and amounts as
 * plain decimals (no thousands separators), so a spreadsheet filters and sums them.
 */
export function poCsv(ctx: Ctx, filters: PoListFilters, { t, timeZone }: CsvReader) {
  const supplierView = onSupplierSide(ctx.ability);
  return csvStream(
    [
      t(msg("number")),
      supplierView ? t(msg("buyer")) : t(msg("supplier")),
      t(msg("status")),
      t(msg("total")),
      t(msg("currency")),
      t(msg("received_percent")),
      t(msg("invoiced_percent")),
      t(msg("created")),
      t(msg("created_utc")),
    ],
    (cursor) => listPurchaseOrderPage(ctx, { ...filters, cursor, pageSize: EXPORT_BATCH }),
    (p) => [
      p.number,
      supplierView ? p.buyerName : p.supplierName,
      p.status,
      p.total,
      p.currency,
      p.receivedPercent === null ? "" : String(p.receivedPercent),
      p.invoicedPercent === null ? "" : String(p.invoicedPercent),
      formatInstant(p.created_at, timeZone),
      p.created_at.toISOString(),
    ],
  );
}

/** The newest POs this person may read (the dashboard's short list). */
export async function listPurchaseOrders(ctx: Ctx, filters: { status?: PurchaseOrderStatus } = {}) {
  return (await listPurchaseOrderPage(ctx, { ...filters, pageSize: 100 })).rows;
}

/** Suppliers that appear on this person's POs, for the filter. */
export async function poSupplierOptions(ctx: Ctx) {
  const { db, ability } = ctx;
  const where = accessibleWhere(ability, "read", "PurchaseOrder");
  if (!where) return [];
  // One index probe per supplier organisation, not a DISTINCT over every order the reader may see
  // (at a million orders that scan took 300-470 ms on each /pos load; this takes about a millisecond).
  return db
    .selectFrom("organisations as supplier")
    .where("supplier.kind", "=", "supplier")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("purchase_orders")
          .whereRef("purchase_orders.supplier_org_id", "=", "supplier.id")
          .where((inner) => where(inner))
          .select(sql.lit(1).as("one")),
      ),
    )
    .select(["supplier.id", "supplier.name"])
    .orderBy("supplier.name")
    .execute();
}

/**
 * Finance's queue: POs waiting for an approval this person may give, oldest
 * first, with the facts to decide on: the amount in the approval policy's
 * currency (at the rate in force the day it was submitted, the one its
 * approvals were counted with), the rule that asks for its approvals, and
 * the RFQ and award justification behind it. One query, however long the queue.
 */
export async function listApprovalQueue(ctx: Ctx) {
  const { db, actor, ability, now } = ctx;
  const where = accessibleWhere(ability, "approve", "PurchaseOrder");
  if (!where) return [];
  const today = now.toISOString().slice(0, 10);
  const rows = await db
    .selectFrom("purchase_orders")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    // A change order is requested by whoever made the change, not by the PO's creator.
    .innerJoin("users as requester", (join) =>
      join.on((eb) =>
        eb(
          "requester.id",
          "=",
          eb.fn.coalesce(
            eb
              .case()
              .when("purchase_orders.change_from", "is not", null)
              .then(eb.ref("purchase_orders.revised_by"))
              .end(),
            eb.ref("purchase_orders.created_by"),
          ),
        ),
      ),
    )
    .leftJoin("rfqs", "rfqs.id", "purchase_orders.rfq_id")
    .leftJoin("rfq_award_summaries as kept", "kept.rfq_id", "purchase_orders.rfq_id")
    .leftJoin("approval_policies as policy", "policy.org_id", "purchase_orders.buyer_org_id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("fx_rates")
          .whereRef("fx_rates.org_id", "=", "purchase_orders.buyer_org_id")
          .whereRef("fx_rates.base_currency", "=", "policy.currency")
          .whereRef("fx_rates.quote_currency", "=", "purchase_orders.currency")
          // The UTC day of submission, as submitting counted the approvals with it.
          .where(
            "fx_rates.valid_on",
            "<=",
            sql<string>`coalesce((purchase_orders.submitted_at at time zone 'UTC')::date, ${today}::date)`,
          )
          .orderBy("fx_rates.valid_on", "desc")
          .limit(1)
          .select(["fx_rates.rate", "fx_rates.valid_on"])
          .as("fx"),
      (join) => join.onTrue(),
    )
    .where((eb) => where(eb))
    .where("purchase_orders.status", "=", "pending_approval")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("approvals")
            .whereRef("approvals.po_id", "=", "purchase_orders.id")
            .whereRef("approvals.po_revision", "=", "purchase_orders.revision")
            .whereRef("approvals.submission", "=", "purchase_orders.submission")
            .where("approvals.approver_id", "=", actor.userId)
            .select("approvals.id"),
        ),
      ),
    )
    .select([
      "purchase_orders.id",
      "purchase_orders.number",
      "purchase_orders.total",
      "purchase_orders.currency",
      "purchase_orders.submitted_at",
      "purchase_orders.required_approvals",
      "purchase_orders.revision",
      "purchase_orders.change_from",
      "purchase_orders.supplier_org_id",
      "supplier.name as supplierName",
      "requester.name as requesterName",
      "rfqs.id as rfqId",
      "rfqs.reference as rfqReference",
      "rfqs.title as rfqTitle",
      "rfqs.award_justification as awardJustification",
      "rfqs.org_id as rfqOrgId",
      "rfqs.closed_at as rfqClosedAt",
      "kept.summary as awardSummary",
      "policy.currency as policyCurrency",
      "policy.threshold_one as thresholdOne",
      "policy.threshold_two as thresholdTwo",
      "fx.rate as rate",
      sql<string | null>`fx.valid_on::text`.as("rateOn"),
    ])
    .orderBy("purchase_orders.submitted_at", "asc")
    .orderBy("purchase_orders.id")
    .execute();
  return rows.map(
    ({
      policyCurrency,
      thresholdOne,
      thresholdTwo,
      rate,
      rateOn,
      rfqId,
      rfqReference,
      rfqTitle,
      awardJustification,
      rfqOrgId,
      rfqClosedAt,
      awardSummary,
      ...row
    }) => {
      const policy =
        policyCurrency !== null && thresholdOne !== null && thresholdTwo !== null
          ? { currency: policyCurrency, thresholdOne, thresholdTwo }
          : null;
      const inPolicy = policy
        ? toPolicyAmount({
            total: row.total,
            currency: row.currency,
            policyCurrency: policy.currency,
            rate,
            rateOn,
            basis: row.submitted_at ? "submission" : "latest",
          })
        : null;
      return {
        ...row,
        inPolicy,
        inPolicyText: inPolicy ? describePolicyAmount(row, inPolicy) : null,
        rule: describeApprovalRule({ required: row.required_approvals, policy, converted: inPolicy }),
        rfq: rfqId
          ? { id: rfqId, reference: rfqReference, title: rfqTitle ?? "", justification: awardJustification }
          : null,
        /** The RFQ as the comparison behind the PO needs it (its summary kept with the award), read by the same query. */
        awardSource:
          rfqId && rfqOrgId
            ? {
                id: rfqId,
                org_id: rfqOrgId,
                reference: rfqReference ?? "",
                title: rfqTitle ?? "",
                award_justification: awardJustification,
                closed_at: rfqClosedAt,
                award_summary: awardSummary,
              }
            : null,
      };
    },
  );
}

export async function getPoPage(ctx: Ctx, { id }: { id: string }) {
  const { db, actor, ability, now: at } = ctx;
  const po = await loadPurchaseOrderFor(ctx, id, "read");
  // A supplier keeps the revision in force while a change awaits approval.
  if (changeHiddenFrom(ability, po)) throw redirect(`/pos/${id}/revisions/${po.revision - 1}`);
  const [lines, parties, approvals, timeline] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
    db
      .selectFrom("organisations as buyer")
      .innerJoin("organisations as supplier", (join) => join.on("supplier.id", "=", po.supplier_org_id))
      .where("buyer.id", "=", po.buyer_org_id)
      .select(["buyer.name as buyerName", "supplier.name as supplierName"])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("approvals")
      .innerJoin("users", "users.id", "approvals.approver_id")
      .where("approvals.po_id", "=", id)
      .select(["users.name", "approvals.decision", "approvals.reason", "approvals.created_at", "approvals.po_revision"])
      .orderBy("approvals.created_at")
      .execute(),
    db
      .selectFrom("audit_events")
      .leftJoin("users", "users.id", "audit_events.actor_id")
      .where("audit_events.entity_type", "=", "purchase_order")
      .where("audit_events.entity_id", "=", id)
      .select([
        "audit_events.id",
        "audit_events.event",
        "audit_events.from_state",
        "audit_events.to_state",
        "audit_events.data",
        "audit_events.created_at",
        "users.name as actorName",
      ])
      .orderBy("audit_events.id")
      .execute(),
  ]);
  const [received, receipts, invoices] = await Promise.all([
    receivedByLine(db, id),
    listReceipts(db, id),
    db
      .selectFrom("invoices")
      .where("po_id", "=", id)
      .select(["id", "invoice_number", "status", "total", "currency", "issued_on"])
      .orderBy("created_at")
      .execute(),
  ]);
  // The RFQ behind the PO is read once, for the link to it, finance's facts and the award summary alike.
  const [context, source, invoiceEvents] = await Promise.all([
    db.transaction().execute((trx) => poContext(trx, po)),
    rfqBehind(ctx, po.rfq_id),
    invoices.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("audit_events")
          .leftJoin("users", "users.id", "audit_events.actor_id")
          .where("audit_events.entity_type", "=", "invoice")
          .where(
            "audit_events.entity_id",
            "in",
            invoices.map((i) => i.id),
          )
          .select([
            "audit_events.id",
            "audit_events.entity_id",
            "audit_events.event",
            "audit_events.to_state",
            "audit_events.data",
            "audit_events.created_at",
            "users.name as actorName",
          ])
          .orderBy("audit_events.id")
          .execute(),
  ]);
  // The PO's history in words, its invoices' events among its own (each named by its number).
  const numberOf = new Map(invoices.map((i) => [i.id, i.invoice_number]));
  const history = describeTimeline(
    [
      ...timeline.map((e) => ({ ...e, entityType: "purchase_order" })),
      ...invoiceEvents.map(({ entity_id, ...e }) => ({
        ...e,
        entityType: "invoice",
        data: { ...(e.data ?? {}), invoiceNumber: numberOf.get(entity_id ?? "") ?? null },
      })),
    ],
    { requiredApprovals: po.required_approvals },
  );
  const approvalFacts = await approvalFactsFor(ctx, po, source?.row ?? null);
  // A call-off names its agreement; the agreements stage sits above this one, so its row is read here.
  const agreementRow = po.agreement_id
    ? await db.selectFrom("agreements").where("id", "=", po.agreement_id).selectAll().executeTakeFirst()
    : undefined;
  const agreement =
    agreementRow && ability.can("read", subject("Agreement", agreementRow))
      ? { id: agreementRow.id, number: agreementRow.number, title: agreementRow.title }
      : null;
  const rfq = source && ability.can("read", source.tagged) ? pick(source.row) : null;
  // The comparison behind the order, for the buying organisation that decides on it: kept with the award.
  const comparable =
    approvalFacts?.rfq && source && source.row.closed_at !== null && ability.can("compare", source.tagged)
      ? source.row
      : null;
  const awardFacts: AwardFacts | null =
    comparable?.award_summary != null
      ? awardFactsFromSummary(comparable, comparable.award_summary, po.supplier_org_id)
      : null;
  const allowed = allowedEvents(purchaseOrderWorkflow, po.status, context, [
    { type: "SUBMIT", at: at.toISOString(), requiredApprovals: 1 },
    { type: "APPROVE", at: at.toISOString(), approverId: actor.userId },
    { type: "REJECT", at: at.toISOString(), approverId: actor.userId, reason: "-" },
    { type: "ACKNOWLEDGE", at: at.toISOString() },
    { type: "DECLINE", at: at.toISOString(), reason: "-" },
    { type: "CANCEL", at: at.toISOString(), reason: "-" },
    { type: "REVISE" },
    { type: "UPDATE_DRAFT" },
    { type: "RECEIVE", at: at.toISOString(), complete: false },
    {
      type: "CHANGE",
      at: at.toISOString(),
      authorId: actor.userId,
      reason: "-",
      totalRises: false,
      requiredApprovals: 0,
      goodsLeftToReceive: true,
    },
  ]);
  const tagged = tag(po);
  const actions = {
    submit: allowed.includes("SUBMIT") && ability.can("submit", tagged),
    approve: allowed.includes("APPROVE") && ability.can("approve", tagged),
    reject: allowed.includes("REJECT") && ability.can("reject", tagged),
    acknowledge: allowed.includes("ACKNOWLEDGE") && ability.can("acknowledge", tagged),
    decline: allowed.includes("DECLINE") && ability.can("decline", tagged),
    cancel: allowed.includes("CANCEL") && ability.can("cancel", tagged),
    revise: allowed.includes("REVISE") && ability.can("update", tagged),
    receive: allowed.includes("RECEIVE") && ability.can("receive", tagged),
    // A call-off's lines belong to its agreement (CALL_OFF_FIXED): neither edited nor changed.
    edit: allowed.includes("UPDATE_DRAFT") && ability.can("update", tagged) && po.agreement_id === null,
    change: allowed.includes("CHANGE") && ability.can("update", tagged) && po.agreement_id === null,
    invoice:
      (INVOICEABLE_STATUSES as readonly PurchaseOrderStatus[]).includes(po.status) && ability.can("invoice", tagged),
    // Shown to finance who may not approve this one, to say why.
    // An approver (one who may approve some PO) who may not approve this one because it is theirs.
    creatorOfPending:
      po.status === "pending_approval" && po.created_by === actor.userId && ability.can("approve", "PurchaseOrder"),
  };
  const linesWithReceipts = lines.map((l) => ({ ...l, received: received.get(l.id) ?? "0" }));
  // Every revision the PO has had; all but the current one are kept snapshots.
  const revisions = Array.from({ length: po.revision }, (_, i) => i + 1);
  // What the page shows besides its actions, answered here so the page tests no status itself.
  const changeAwaitingApproval = po.status === "pending_approval" && po.change_from !== null;
  const stopped = STOPPED_WITH_REASON.find((status) => status === po.status);
  return {
    po,
    lines: linesWithReceipts,
    /** The reader's today in their zone: the day a receipt is booked for unless they say another. */
    today: await viewerToday(ctx),
    ...parties,
    approvals,
    /** The RFQ the PO was awarded from, when the reader may open it (its neighbour in the breadcrumbs). */
    rfq,
    /** The agreement a call-off draws on, when the reader may open it. */
    agreement,
    /** For the buying organisation: the amount in the policy's currency, the rule, the RFQ and justification behind it. */
    approvalFacts,
    /** Every bidder's landed total when the RFQ was awarded, for whoever may compare it; null for anyone else. */
    awardFacts,
    /** An RFQ awarded before awards kept their summary: the page works it out from the comparison instead. */
    awardFactsNotKept: comparable !== null && comparable.award_summary === null,
    timeline,
    /** The same events and the invoices', as sentences, oldest first. */
    history,
    receipts,
    invoices,
    // `can` is the name every page query gives these flags; `actions` stays for callers written before it.
    actions,
    can: actions,
    revisions,
    changeAwaitingApproval,
    /** The required approvals are counted when the PO is submitted; a draft has none yet. */
    approvalsCounted: !allowed.includes("UPDATE_DRAFT"),
    /** Why the PO stopped (finance rejected it, the supplier declined it, someone cancelled it), when it says. */
    stoppedBecause: stopped && po.reason ? { status: stopped, reason: po.reason } : null,
  };
}

/** The RFQ a PO came from, with the suppliers invited to it, tagged for the ability to judge who may read or compare it. */
async function rfqBehind(ctx: Ctx, rfqId: string | null) {
  if (!rfqId) return null;
  const { db } = ctx;
  const [row, invited] = await Promise.all([
    db
      .selectFrom("rfqs")
      .leftJoin("rfq_award_summaries as kept", "kept.rfq_id", "rfqs.id")
      .where("rfqs.id", "=", rfqId)
      .selectAll("rfqs")
      .select("kept.summary as award_summary")
      .executeTakeFirst(),
    db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "is not", null)
      .select("supplier_org_id")
      .execute(),
  ]);
  if (!row) return null;
  const tagged = subject("Rfq", { ...row, invited_supplier_org_ids: invited.map((i) => i.supplier_org_id as string) });
  return { row, tagged };
}

/** What the page shows of the RFQ (its neighbour in the breadcrumbs), when the reader may open it. */
const pick = (row: { id: string; reference: string; title: string }) => ({
  id: row.id,
  reference: row.reference,
  title: row.title,
});

/** The states a PO reaches with a reason someone gave; the page shows who stopped it and why. */
const STOPPED_WITH_REASON = ["rejected", "declined", "cancelled"] as const satisfies readonly PurchaseOrderStatus[];
