/**
 * The invoice part of the dashboard's work queues: finance's invoices to
 * approve (matched), disputed invoices (for finance, the buyer and the
 * supplier who sent them), invoices due within the week, and the suppliers'
 * bank changes finance must acknowledge before paying them.
 *
 * Each queue is one query filtered in SQL by the ability rules
 * (`accessibleWhere`): a supplier's rule reaches only its own invoices, so
 * nothing of another supplier is counted.
 */
import { sql } from "kysely";

import type { InvoiceStatus } from "../../../workflows/invoice.machine";
import { accessibleWhere } from "../../auth/accessible.server";
import type { Action } from "../../auth/ability";
import { type Ctx } from "../shared/context.server";
import { bankChangesQueue } from "../shared/payment-holds.server";
import { QUEUE_ITEMS_SHOWN, totalOf, type WorkQueue } from "../shared/work-queue";
import { msg, msgWith, shown } from "../../i18n/config";

const DUE_SOON_DAYS = 7;

export async function fulfilmentQueues(ctx: Ctx): Promise<WorkQueue[]> {
  const queues = await Promise.all([
    invoiceQueue(ctx, {
      key: "invoices-to-approve",
      title: msg("Invoices to approve"),
      action: "approve",
      statuses: ["matched"],
      empty: msg("No matched invoice waits for approval."),
    }),
    invoiceQueue(ctx, {
      key: "invoices-disputed",
      title: msg("Disputed invoices"),
      action: "read",
      statuses: ["disputed"],
      empty: msg("No invoice is in dispute."),
    }),
    invoiceQueue(ctx, {
      key: "invoices-due",
      title: msgWith("Invoices due in the next {{days}} days", { days: DUE_SOON_DAYS }),
      action: "approve",
      // Not yet paid; a disputed one has its own queue.
      statuses: ["submitted", "matched", "approved"],
      empty: msgWith("No invoice falls due in the next {{days}} days.", { days: DUE_SOON_DAYS }),
      dueWithinDays: DUE_SOON_DAYS,
    }),
    bankChangesQueue(ctx),
  ]);
  return queues.filter((q): q is WorkQueue => q !== null);
}

interface InvoiceQueueSpec {
  key: string;
  title: string;
  action: Action;
  statuses: InvoiceStatus[];
  empty: string;
  dueWithinDays?: number;
}

async function invoiceQueue(ctx: Ctx, spec: InvoiceQueueSpec): Promise<WorkQueue | null> {
  const { db, ability, now } = ctx;
  const where = accessibleWhere(ability, spec.action, "Invoice");
  if (!where) return null;
  const supplierSide = !ability.can("readPendingChange", "PurchaseOrder");
  let query = db
    .selectFrom("invoices")
    .innerJoin("purchase_orders", "purchase_orders.id", "invoices.po_id")
    .innerJoin("organisations as supplier", "supplier.id", "invoices.supplier_org_id")
    .innerJoin("organisations as buyer", "buyer.id", "invoices.buyer_org_id")
    .where((eb) => where(eb))
    .where("invoices.status", "in", spec.statuses)
    .select([
      "invoices.id",
      "invoices.invoice_number",
      "invoices.total",
      "invoices.currency",
      sql<string | null>`invoices.due_on::text`.as("dueOn"),
      "purchase_orders.number as poNumber",
      "supplier.name as supplierName",
      "buyer.name as buyerName",
      sql<string>`count(*) over ()`.as("total_count"),
    ]);
  if (spec.dueWithinDays !== undefined) {
    const today = now.toISOString().slice(0, 10);
    const until = new Date(now.getTime() + spec.dueWithinDays * 24 * 3_600_000).toISOString().slice(0, 10);
    query = query.where("invoices.due_on", ">=", today).where("invoices.due_on", "<=", until);
  }
  const rows = await query
    .orderBy(sql`invoices.due_on asc nulls last`)
    .orderBy("invoices.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: spec.key,
    title: spec.title,
    count: totalOf(rows.map((r) => ({ total: r.total_count }))),
    items: rows.map((r) => ({
      id: r.id,
      href: `/invoices/${r.id}`,
      label: r.invoice_number,
      detail: r.dueOn
        ? msgWith("{{party}} · PO {{po}} · {{total}} · due {{date}}", {
            party: supplierSide ? r.buyerName : r.supplierName,
            po: r.poNumber,
            total: shown.money(r.total, r.currency),
            date: shown.date(r.dueOn),
          })
        : msgWith("{{party}} · PO {{po}} · {{total}}", {
            party: supplierSide ? r.buyerName : r.supplierName,
            po: r.poNumber,
            total: shown.money(r.total, r.currency),
          }),
    })),
    empty: spec.empty,
  };
}
