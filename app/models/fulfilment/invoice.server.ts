/**
 * The core of an invoice: loading it for a person, moving it through its
 * machine, the mails after a match, and finance's approval. The PO it bills
 * moves on through ordering's ledger.
 */
import type { Db } from "../../../db/client.server";
import type { Selectable } from "kysely";
import type { InvoicesTable } from "../../../db/schema";
import {
  invoiceApprovedMail,
  invoiceAwaitingApprovalMail,
  invoiceDisputedForFinanceMail,
  invoiceDisputedForSupplierMail,
  invoiceSubmittedForBuyerMail,
} from "../../../emails/templates/invoice-events";
import {
  invoiceWorkflow,
  type InvoiceContext,
  type InvoiceEvent,
  type InvoiceStatus,
} from "../../../workflows/invoice.machine";
import { INVOICEABLE_STATUSES, type PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { subject, type Actor } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { authorize } from "../../auth/authorize.server";
import { notFound } from "../../utils/http.server";
import { orgRecipients } from "../shared/recipients.server";
import { linkTo, notify } from "../shared/notify.server";
import { type Trx } from "../../../db/client.server";
import { settlePurchaseOrder } from "../ordering/ledger.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { msg, msgWith } from "../../i18n/config";

type InvoiceRow = Selectable<InvoicesTable>;

/** PO states in which a supplier may invoice: acknowledged, goods (partly) in; the machine's set. */
export const INVOICEABLE: readonly PurchaseOrderStatus[] = INVOICEABLE_STATUSES;

/** The organisation's match tolerance in percent (organisation settings). */
export async function invoiceTolerance(trx: Trx | Db, orgId: string): Promise<string> {
  const org = await trx
    .selectFrom("organisations")
    .where("id", "=", orgId)
    .select("invoice_tolerance_percent")
    .executeTakeFirst();
  return org?.invoice_tolerance_percent ?? "0";
}

export function transitionInvoice(
  trx: Trx,
  actor: Actor,
  id: string,
  event: InvoiceEvent,
  options: { expectedVersion?: number; changes?: Record<string, unknown>; auditData?: Record<string, unknown> } = {},
) {
  return runTransition<InvoiceStatus, InvoiceContext, InvoiceEvent, InvoiceRow>(trx, {
    workflow: invoiceWorkflow,
    table: "invoices",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => ({ differences: [...(row.differences ?? [])] }),
    changes: () => options.changes ?? {},
    auditData: options.auditData,
  });
}

/** The PO number and both organisations' names, for the mails about an invoice. */
async function invoiceParties(trx: Trx, invoiceId: string) {
  return trx
    .selectFrom("invoices")
    .innerJoin("purchase_orders", "purchase_orders.id", "invoices.po_id")
    .innerJoin("organisations as buyer", "buyer.id", "invoices.buyer_org_id")
    .innerJoin("organisations as supplier", "supplier.id", "invoices.supplier_org_id")
    .where("invoices.id", "=", invoiceId)
    .select([
      "purchase_orders.number as poNumber",
      "buyer.name as buyerName",
      "supplier.name as supplierName",
      "invoices.invoice_number",
      "invoices.total",
      "invoices.currency",
      "invoices.buyer_org_id",
      "invoices.supplier_org_id",
      "purchase_orders.created_by as poCreatedBy",
    ])
    .executeTakeFirstOrThrow();
}

/**
 * After a match, in its transaction: a matched invoice waits for the buying
 * organisation's finance users; a disputed one is reported to them and to
 * the supplier with each difference listed; whoever raised the PO learns
 * it was billed.
 */
export async function notifyMatch(
  trx: Trx,
  invoiceId: string,
  status: InvoiceStatus,
  differences: string[],
  resubmitted: boolean,
  at: Date,
) {
  const parties = await invoiceParties(trx, invoiceId);
  const path = `/invoices/${invoiceId}`;
  const url = linkTo(path);
  const common = { invoiceNumber: parties.invoice_number, poNumber: parties.poNumber, url };
  const disputed = status === "disputed";
  const values = {
    invoice: parties.invoice_number,
    supplier: parties.supplierName,
    buyer: parties.buyerName,
    po: parties.poNumber,
    total: { money: parties.total, currency: parties.currency },
    count: differences.length,
  };
  const forFinance = disputed
    ? resubmitted
      ? msgWith(
          "The corrected invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) does not match: {{count}} differences.",
          values,
        )
      : msgWith(
          "Invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) does not match: {{count}} differences.",
          values,
        )
    : resubmitted
      ? msgWith(
          "The corrected invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) matches and waits for approval.",
          values,
        )
      : msgWith(
          "Invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) matches and waits for approval.",
          values,
        );
  const forBuyer = disputed
    ? resubmitted
      ? msgWith(
          "The corrected invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) was received and does not match.",
          values,
        )
      : msgWith(
          "Invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) was received and does not match.",
          values,
        )
    : resubmitted
      ? msgWith(
          "The corrected invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) was received.",
          values,
        )
      : msgWith("Invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) was received.", values);
  await notify(trx, {
    kind: "invoice_submitted",
    audience: { orgId: parties.buyer_org_id, roles: ["finance"] },
    path,
    text: forFinance,
    mail: (recipient, reader) =>
      disputed
        ? invoiceDisputedForFinanceMail(
            {
              ...common,
              recipientName: recipient.name,
              supplierName: parties.supplierName,
              differences,
              resubmitted,
            },
            reader,
          )
        : invoiceAwaitingApprovalMail(
            {
              ...common,
              recipientName: recipient.name,
              supplierName: parties.supplierName,
              total: parties.total,
              currency: parties.currency,
              resubmitted,
            },
            reader,
          ),
    at,
  });
  await notify(trx, {
    kind: "invoice_submitted",
    audience: { orgId: parties.buyer_org_id, userIds: [parties.poCreatedBy] },
    // Finance already heard of it above; one person is told once.
    except: (await orgRecipients(trx, parties.buyer_org_id, ["finance"])).map((r) => r.userId),
    path,
    text: forBuyer,
    mail: (recipient, reader) =>
      invoiceSubmittedForBuyerMail(
        {
          ...common,
          recipientName: recipient.name,
          supplierName: parties.supplierName,
          total: parties.total,
          currency: parties.currency,
          disputed,
        },
        reader,
      ),
    at,
  });
  if (!disputed) return;
  await notify(trx, {
    kind: "invoice_disputed",
    audience: { orgId: parties.supplier_org_id, roles: ["supplier"] },
    path,
    text: msgWith(
      "Your invoice {{invoice}} to {{buyer}} does not match purchase order {{po}}; correct and resubmit it.",
      values,
    ),
    mail: (recipient, reader) =>
      invoiceDisputedForSupplierMail(
        {
          ...common,
          recipientName: recipient.name,
          buyerName: parties.buyerName,
          differences,
        },
        reader,
      ),
    at,
  });
}

export function tagInvoice(row: InvoiceRow) {
  return subject("Invoice", row);
}

export async function loadInvoiceFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action: "read" | "approve" | "create" | "pay" = "read",
) {
  const invoice = await ctx.db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirst();
  if (!invoice) throw notFound("No such invoice.");
  authorize(ctx.ability, action, tagInvoice(invoice), "invoice");
  return invoice;
}

export async function approveInvoice(
  ctx: Ctx,
  { id, ...input }: { id: string; version: number; overrideReason: string },
) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const invoice = await loadInvoiceFor(tx, id, "approve");
    const reason = input.overrideReason.trim();
    if (invoice.status === "disputed" && reason === "") {
      throw new FormError({
        overrideReason: msg("This invoice does not match the purchase order; give a reason to approve it anyway."),
      });
    }
    const result = await transitionInvoice(
      trx,
      actor,
      id,
      { type: "APPROVE", at: at.toISOString(), approverId: actor.userId, overrideReason: reason || undefined },
      { expectedVersion: input.version },
    );
    const { poNumber, buyerName } = await invoiceParties(trx, invoice.id);
    const path = `/invoices/${invoice.id}`;
    await notify(trx, {
      kind: "invoice_approved",
      audience: { orgId: invoice.supplier_org_id, roles: ["supplier"] },
      path,
      text: msgWith("{{buyer}} approved your invoice {{invoice}} for purchase order {{po}} ({{total}}).", {
        buyer: buyerName,
        invoice: invoice.invoice_number,
        po: poNumber,
        total: { money: invoice.total, currency: invoice.currency },
      }),
      mail: (recipient, reader) =>
        invoiceApprovedMail(
          {
            recipientName: recipient.name,
            invoiceNumber: invoice.invoice_number,
            poNumber,
            buyerName,
            total: invoice.total,
            currency: invoice.currency,
            url: linkTo(path),
          },
          reader,
        ),
      at,
    });
    await settlePurchaseOrder(trx, actor, { id: invoice.po_id }, at);
    return result;
  });
}
