/**
 * Finance pays an approved invoice: the date on the bank statement and the
 * payment's reference; the amount is the invoice's total. Through the
 * invoice machine, audited; the route runs it once per form token (a
 * double submit books one payment, decision 019). Refused while the supplier's changed bank details wait for
 * this buying organisation's acknowledgement: the machine's PAY carries
 * the hold, and its refusal is the sentence shown beside the button.
 */
import { invoicePaidMail } from "../../../emails/templates/invoice-events";
import { FormError } from "../../utils/errors";
import { subject } from "../../auth/ability";
import { inTransaction, type Ctx } from "../shared/context.server";
import { linkTo, notify } from "../shared/notify.server";
import { BANK_CHANGES_PATH, holdMessage, paymentHoldFor } from "../shared/payment-holds.server";

import { loadInvoiceFor, transitionInvoice } from "./invoice.server";
import { msg, msgWith } from "../../i18n/config";

/** What the invoice page offers finance: whether it may record the payment, and if held, why and where to act. */
export async function paymentOffer(
  ctx: Ctx,
  invoice: { id: string; status: string; buyer_org_id: string; supplier_org_id: string },
) {
  if (
    invoice.status !== "approved" ||
    !ctx.ability.can("pay", subject("Invoice", { buyer_org_id: invoice.buyer_org_id }))
  )
    return null;
  const hold = await paymentHoldFor(ctx.db, {
    buyerOrgId: invoice.buyer_org_id,
    supplierOrgId: invoice.supplier_org_id,
  });
  return { held: hold ? holdMessage(hold) : null, acknowledgePath: BANK_CHANGES_PATH };
}

export async function recordPayment(
  ctx: Ctx,
  { id, ...input }: { id: string; version: number; paidOn: string; reference: string },
) {
  return inTransaction(ctx, async (_trx, tx) => {
    const invoice = await loadInvoiceFor(tx, id, "pay");
    if (input.paidOn > tx.now.toISOString().slice(0, 10))
      throw new FormError({ paidOn: msg("A payment date cannot be in the future.") });
    if (input.paidOn < invoice.issued_on)
      throw new FormError({
        paidOn: msgWith("The payment date cannot be before the invoice date ({{date}}).", { date: invoice.issued_on }),
      });
    // Read in the payment's own transaction: the refusal and the payment judge the same facts.
    const trx = tx.db;
    const hold = await paymentHoldFor(trx, {
      buyerOrgId: invoice.buyer_org_id,
      supplierOrgId: invoice.supplier_org_id,
    });
    const result = await transitionInvoice(
      trx,
      tx.actor,
      id,
      {
        type: "PAY",
        at: tx.now.toISOString(),
        paidOn: input.paidOn,
        reference: input.reference,
        held: hold ? holdMessage(hold) : undefined,
      },
      {
        expectedVersion: input.version,
        changes: {
          paid_on: input.paidOn,
          payment_reference: input.reference,
          paid_by: tx.actor.userId,
          paid_at: tx.now,
        },
        auditData: { total: invoice.total, currency: invoice.currency },
      },
    );
    const parties = await trx
      .selectFrom("purchase_orders")
      .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
      .where("purchase_orders.id", "=", invoice.po_id)
      .select(["purchase_orders.number", "buyer.name as buyerName"])
      .executeTakeFirstOrThrow();
    const path = `/invoices/${id}`;
    await notify(trx, {
      kind: "invoice_paid",
      audience: { orgId: invoice.supplier_org_id, roles: ["supplier"] },
      path,
      text: msgWith("{{buyer}} paid your invoice {{invoice}} ({{total}}) on {{date}}.", {
        buyer: parties.buyerName,
        invoice: invoice.invoice_number,
        total: { money: invoice.total, currency: invoice.currency },
        date: { date: input.paidOn },
      }),
      mail: (person, reader) =>
        invoicePaidMail(
          {
            recipientName: person.name,
            invoiceNumber: invoice.invoice_number,
            poNumber: parties.number,
            buyerName: parties.buyerName,
            total: invoice.total,
            currency: invoice.currency,
            paidOn: input.paidOn,
            reference: input.reference,
            url: linkTo(path),
          },
          reader,
        ),
      at: tx.now,
    });
    return { id, status: result.to };
  });
}
