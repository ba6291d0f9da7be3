/** Reading invoices: the list, the invoice page with its differences and revisions, and the supplier's invoice form. */
import { sql, type SqlBool } from "kysely";

import type { Db } from "../../../db/client.server";
import { invoiceWorkflow, type InvoiceEvent, type InvoiceStatus } from "../../../workflows/invoice.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { accessibleWhere } from "../../auth/accessible.server";
import { onSupplierSide } from "../../auth/ability";
import { csvStream, EXPORT_BATCH, type CsvReader } from "../shared/csv.server";
import { msg } from "../../i18n/config";
import {
  afterCursor,
  decodeSortCursor,
  pageOf,
  sortKeyOf,
  type ListSort,
  type SortColumn,
} from "../shared/list-sort.server";
import { containing, idsByPartyName } from "../shared/sql.server";
import { INVOICE_SORT_FIRST, type InvoiceListQuery, type InvoiceSortKey } from "./invoice-list.schema";
import { toDecimal } from "../../utils/money";
import { changeHiddenFrom, loadPurchaseOrderFor } from "../ordering/purchase-order.server";
import { receivedByLine } from "../ordering/ledger.server";
import { inForcePrices } from "../ordering/revisions.server";
import { invoicedByLine } from "../ordering/ledger.server";
import { INVOICEABLE, loadInvoiceFor, tagInvoice } from "./invoice.server";
import { paymentOffer } from "./invoice-payment.server";
import { invoiceTimeline } from "./invoice-timeline.server";
import { differenceOfLine } from "./three-way-match";
import { type Ctx } from "../shared/context.server";
import { isCharge } from "../shared/pricing";
import { viewerToday } from "../shared/today.server";

export const INVOICE_DEFAULT_SORT: ListSort<InvoiceSortKey> = { key: "issued", direction: "desc" };

export interface InvoiceListFilters {
  status?: InvoiceStatus;
  supplierOrgId?: string;
  /** Text in the invoice number, the PO number, the other party's name or an invoiced item's name. */
  search?: string;
  /** Due on or after / on or before these days, "YYYY-MM-DD"; an invoice without a due date is left out. */
  dueFrom?: string;
  dueTo?: string;
  /** Only invoices disputed, or whose match found differences (approved over them included). */
  disputed?: boolean;
  sort?: ListSort<InvoiceSortKey>;
  cursor?: string;
  pageSize?: number;
}

/**
 * One page of the invoices this person may read, in the order asked
 * (latest invoice date first unless told), keyset-paged on (column, id).
 */
export async function listInvoicePage(ctx: Ctx, filters: InvoiceListFilters = {}) {
  const { db, ability } = ctx;
  const where = accessibleWhere(ability, "read", "Invoice");
  if (!where) return { rows: [], nextCursor: null as string | null };
  const pageSize = filters.pageSize ?? 25;
  const sort = filters.sort ?? INVOICE_DEFAULT_SORT;
  const supplierSide = onSupplierSide(ability);
  const columns: Record<InvoiceSortKey, SortColumn> = {
    number: { expression: sql`invoices.invoice_number`, kind: "text" },
    party: { expression: supplierSide ? sql`buyer.name` : sql`supplier.name`, kind: "text" },
    status: { expression: sql`invoices.status::text`, kind: "text" },
    total: { expression: sql`invoices.total`, kind: "numeric" },
    issued: { expression: sql`invoices.issued_on`, kind: "date" },
    // No due date sorts after every date.
    due: { expression: sql`coalesce(invoices.due_on, '9999-12-31'::date)`, kind: "date" },
  };
  const column = columns[sort.key];
  let query = db
    .selectFrom("invoices")
    .innerJoin("purchase_orders", "purchase_orders.id", "invoices.po_id")
    .innerJoin("organisations as supplier", "supplier.id", "invoices.supplier_org_id")
    .innerJoin("organisations as buyer", "buyer.id", "invoices.buyer_org_id")
    .where((eb) => where(eb))
    .select([
      "invoices.id",
      "invoices.invoice_number",
      "invoices.status",
      "invoices.total",
      "invoices.currency",
      "invoices.issued_on",
      "invoices.due_on",
      "invoices.created_at",
      "purchase_orders.id as poId",
      "purchase_orders.number as poNumber",
      "supplier.name as supplierName",
      "buyer.name as buyerName",
      sortKeyOf(column).as("sortKey"),
    ])
    .orderBy(column.expression, sort.direction)
    .orderBy("invoices.id", sort.direction)
    .limit(pageSize + 1);
  if (filters.status) query = query.where("invoices.status", "=", filters.status);
  if (filters.supplierOrgId) query = query.where("invoices.supplier_org_id", "=", filters.supplierOrgId);
  if (filters.dueFrom) query = query.where("invoices.due_on", ">=", filters.dueFrom);
  if (filters.dueTo) query = query.where("invoices.due_on", "<=", filters.dueTo);
  if (filters.disputed)
    query = query.where(sql<SqlBool>`(invoices.status = 'disputed' or jsonb_array_length(invoices.differences) > 0)`);
  const search = filters.search?.trim();
  if (search) {
    const pattern = containing(search);
    // One index per column (trigrams), the ids joined (IN ignores repeats, so no UNION needs to drop them): an OR across joined tables would read every row.
    query = query.where(
      "invoices.id",
      "in",
      db
        .selectFrom("invoices as found")
        .where("found.invoice_number", "ilike", pattern)
        .select("found.id")
        .unionAll(
          db
            .selectFrom("invoices as found")
            .innerJoin("purchase_orders as found_po", "found_po.id", "found.po_id")
            .where("found_po.number", "ilike", pattern)
            .select("found.id"),
        )
        .unionAll(idsByPartyName(db, "invoices", supplierSide ? "buyer_org_id" : "supplier_org_id", pattern))
        .unionAll(
          db
            .selectFrom("invoice_lines as found")
            .innerJoin("purchase_order_lines as found_item", "found_item.id", "found.po_line_id")
            .where("found_item.item_name", "ilike", pattern)
            .select("found.invoice_id as id"),
        ),
    );
  }
  const after = decodeSortCursor(filters.cursor, sort, column.kind);
  if (after) query = query.where(afterCursor(column, "invoices.id", sort.direction, after));
  const page = pageOf(await query.execute(), pageSize, sort);
  const today = ctx.now.toISOString().slice(0, 10);
  return {
    ...page,
    // Past its due date and not yet approved for payment.
    rows: page.rows.map((r) => ({ ...r, overdue: r.due_on !== null && r.due_on < today && r.status !== "approved" })),
  };
}

/** The first invoices of the list (callers that need no paging). */
export async function listInvoices(ctx: Ctx, filters: { status?: InvoiceStatus } = {}) {
  return (await listInvoicePage(ctx, { ...filters, pageSize: 200 })).rows;
}

/** Suppliers that appear on this person's invoices, for the filter: one index probe per supplier organisation. */
export async function invoiceSupplierOptions(ctx: Ctx) {
  const { db, ability } = ctx;
  const where = accessibleWhere(ability, "read", "Invoice");
  if (!where || onSupplierSide(ability)) return [];
  return db
    .selectFrom("organisations as supplier")
    .where("supplier.kind", "=", "supplier")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("invoices")
          .whereRef("invoices.supplier_org_id", "=", "supplier.id")
          .where((inner) => where(inner))
          .select(sql.lit(1).as("one")),
      ),
    )
    .select(["supplier.id", "supplier.name"])
    .orderBy("supplier.name")
    .execute();
}

/** The list's filters from its address: the supplier only when it is one of the reader's. */
export function invoiceFiltersFrom(query: InvoiceListQuery, suppliers: { id: string }[]): InvoiceListFilters {
  return {
    status: query.status,
    supplierOrgId: suppliers.some((s) => s.id === query.supplier) ? query.supplier : undefined,
    search: query.q,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    disputed: query.disputed,
    sort: query.sort ? { key: query.sort, direction: query.dir ?? INVOICE_SORT_FIRST[query.sort] } : undefined,
    cursor: query.after,
  };
}

/**
 * The list as CSV: the same rows and order as the page, every page of them. Column names from the catalogue
 * in the reader's language; dates are calendar days (no zone); statuses as codes and totals as plain
 * decimals (no thousands separators), so a spreadsheet filters and sums them.
 */
export function invoiceCsv(ctx: Ctx, filters: InvoiceListFilters, { t }: Pick<CsvReader, "t">) {
  const supplierSide = onSupplierSide(ctx.ability);
  return csvStream(
    [
      t(msg("invoice")),
      t(msg("purchase_order")),
      supplierSide ? t(msg("buyer")) : t(msg("supplier")),
      t(msg("status")),
      t(msg("total")),
      t(msg("currency")),
      t(msg("invoice_date")),
      t(msg("due_date")),
    ],
    (cursor) => listInvoicePage(ctx, { ...filters, cursor, pageSize: EXPORT_BATCH }),
    (i) => [
      i.invoice_number,
      i.poNumber,
      supplierSide ? i.buyerName : i.supplierName,
      i.status,
      i.total,
      i.currency,
      i.issued_on,
      i.due_on ?? "",
    ],
  );
}

export async function getInvoicePage(ctx: Ctx, { id }: { id: string }) {
  const { db, actor, ability, now: at } = ctx;
  const invoice = await loadInvoiceFor(ctx, id);
  const [po, lines] = await Promise.all([
    db
      .selectFrom("purchase_orders")
      .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
      .where("purchase_orders.id", "=", invoice.po_id)
      .select([
        "purchase_orders.id",
        "purchase_orders.number",
        "purchase_orders.status",
        "purchase_orders.revision",
        "purchase_orders.buyer_org_id",
        "purchase_orders.supplier_org_id",
        "supplier.name as supplierName",
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("invoice_lines")
      .innerJoin("purchase_order_lines", "purchase_order_lines.id", "invoice_lines.po_line_id")
      .where("invoice_lines.invoice_id", "=", id)
      .select([
        "invoice_lines.id",
        "invoice_lines.po_line_id",
        "purchase_order_lines.position",
        "purchase_order_lines.item_name",
        "purchase_order_lines.unit",
        "purchase_order_lines.unit_price as poUnitPrice",
        "invoice_lines.quantity",
        "invoice_lines.unit_price",
        "invoice_lines.tax_rate",
        "invoice_lines.line_total",
      ])
      .orderBy("purchase_order_lines.position")
      .execute(),
  ]);
  const offered = (events: InvoiceEvent[]) =>
    allowedEvents(invoiceWorkflow, invoice.status, { differences: invoice.differences }, events);
  const allowed = offered([
    { type: "APPROVE", at: at.toISOString(), approverId: actor.userId, overrideReason: "-" },
    { type: "RESUBMIT", at: at.toISOString() },
  ]);
  // The machine approves a disputed invoice only with a reason: then the form asks for one.
  const approvesWithoutReason = offered([{ type: "APPROVE", at: at.toISOString(), approverId: actor.userId }]);
  // Each difference beside the line it names; the rest (none today) stays in the general list.
  const general = invoice.differences.filter((d) => !lines.some((l) => differenceOfLine(d, l)));
  // While a change order awaits the buyer's approval the supplier compares with the prices in force.
  const inForce = changeHiddenFrom(ability, po) ? await inForcePrices(db, po.id, po.revision - 1) : null;
  const canApprove = allowed.includes("APPROVE") && ability.can("approve", tagInvoice(invoice));
  const canResubmit = allowed.includes("RESUBMIT") && ability.can("create", tagInvoice(invoice)) && !inForce;
  return {
    invoice,
    po,
    lines: lines.map((l) => ({
      ...l,
      poUnitPrice: inForce?.get(l.po_line_id) ?? l.poUnitPrice,
      differences: invoice.differences.filter((d) => differenceOfLine(d, l)),
    })),
    generalDifferences: general,
    revisions: await invoiceRevisions(db, id),
    /** What happened to the invoice, in words, oldest first. */
    history: await invoiceTimeline(ctx, invoice),
    canApprove,
    canResubmit,
    /** Finance's payment of an approved invoice: null when not offered; `held` says why it is refused. */
    payment: await paymentOffer(ctx, invoice),
    can: {
      approve: canApprove,
      /** Approving needs a reason to set the differences aside. */
      approveOnlyWithReason: canApprove && !approvesWithoutReason.includes("APPROVE"),
      resubmit: canResubmit,
    },
  };
}

/** Earlier submissions of an invoice, newest first, with the names of their lines. */
async function invoiceRevisions(db: Db, invoiceId: string) {
  const rows = await db
    .selectFrom("invoice_revisions")
    .where("invoice_id", "=", invoiceId)
    .selectAll()
    .orderBy("revision", "desc")
    .execute();
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.flatMap((r) => r.lines.map((l) => l.poLineId)))];
  const names = new Map(
    (
      await db
        .selectFrom("purchase_order_lines")
        .where("id", "in", ids)
        .select(["id", "position", "item_name", "unit"])
        .execute()
    ).map((l) => [l.id, l]),
  );
  return rows.map((r) => ({
    revision: r.revision,
    submittedAt: r.submitted_at,
    supersededAt: r.superseded_at,
    subtotal: r.subtotal,
    taxTotal: r.tax_total,
    total: r.total,
    differences: r.differences,
    lines: r.lines
      .map((l) => ({
        ...l,
        position: names.get(l.poLineId)?.position ?? 0,
        itemName: names.get(l.poLineId)?.item_name ?? "",
        unit: names.get(l.poLineId)?.unit ?? "",
      }))
      .sort((a, b) => a.position - b.position),
  }));
}

/** The lines a supplier invoices against, with what was ordered and received. */
export async function invoiceFormData(ctx: Ctx, { poId }: { poId: string }) {
  const { db } = ctx;
  const po = await loadPurchaseOrderFor(ctx, poId, "invoice");
  const [lines, received, invoiced] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", poId).selectAll().orderBy("position").execute(),
    receivedByLine(db, poId),
    invoicedByLine(db, poId),
  ]);
  return {
    po,
    invoiceable: INVOICEABLE.includes(po.status),
    /** The invoice date the form starts at: the supplier's today in their zone, not UTC's. */
    today: await viewerToday(ctx),
    lines: lines.map((l) => {
      const receivedQty = received.get(l.id) ?? "0";
      const invoicedQty = invoiced.get(l.id) ?? "0";
      // What is received and not yet invoiced, at the PO's price: the usual invoice, prefilled without trailing zeros.
      // A charge (freight) is never received: it is open until invoiced once.
      const open = toDecimal(isCharge(l) ? l.quantity : receivedQty).minus(invoicedQty);
      return {
        ...l,
        received: receivedQty,
        invoiced: invoicedQty,
        defaults: {
          quantity: (open.isNegative() ? toDecimal(0) : open).toString(),
          unitPrice: toDecimal(l.unit_price).toString(),
          taxRate: toDecimal(l.tax_rate).toString(),
        },
      };
    }),
  };
}
