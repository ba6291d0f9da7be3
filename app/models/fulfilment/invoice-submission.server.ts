/**
 * A supplier's invoice against a purchase order, and its correction after a
 * dispute. Each runs the three-way match and moves the invoice and the PO
 * through their machines in one transaction.
 */
import type { InvoiceRevisionLine } from "../../../db/schema";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { TransitionRefusedError } from "../../../workflows/errors";
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { toDecimal } from "../../utils/money";
import type { InvoiceFormInput, InvoiceResubmitInput } from "./invoice.schema";
import { loadPurchaseOrderFor } from "../ordering/purchase-order.server";
import { receivedByLine } from "../ordering/ledger.server";
import { invoicedByLine, settlePurchaseOrder } from "../ordering/ledger.server";
import { countPerformance, monthOf } from "../ordering/supplier-performance.server";
import { tellRequestersOfPoLines } from "../ordering/requester-news.server";
import { INVOICEABLE, invoiceTolerance, loadInvoiceFor, notifyMatch, transitionInvoice } from "./invoice.server";
import { threeWayDifferences } from "./three-way-match";
import { priceLines } from "../shared/pricing";
import { inTransaction, type Ctx } from "../shared/context.server";
import { msg, msgWith } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}

export async function submitInvoice(ctx: Ctx, { poId, ...input }: InvoiceFormInput & { poId: string }) {
  const { actor, ability, now: at } = ctx;
  try {
    return await inTransaction(ctx, async (trx, tx) => {
      const po = await loadPurchaseOrderFor(tx, poId, "invoice");
      if (
        !ability.can(
          "create",
          subject("Invoice", { supplier_org_id: po.supplier_org_id, buyer_org_id: po.buyer_org_id }),
        )
      ) {
        throw forbidden();
      }
      // Serialises invoices and receipts of one PO, so the match sees every earlier one.
      const locked = await trx
        .selectFrom("purchase_orders")
        .where("id", "=", poId)
        .selectAll()
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!INVOICEABLE.includes(locked.status)) {
        throw new TransitionRefusedError(
          msgWith("Only an acknowledged purchase order can be invoiced; this one is {{status}}.", {
            status: locked.status.replace(/_/g, " "),
          }),
        );
      }
      const taken = await trx
        .selectFrom("invoices")
        .where("supplier_org_id", "=", po.supplier_org_id)
        .where("invoice_number", "=", input.invoiceNumber)
        .select("id")
        .executeTakeFirst();
      if (taken)
        throw new FormError({
          invoiceNumber: msgWith("You already used invoice number {{number}}; each invoice needs its own number.", {
            number: input.invoiceNumber,
          }),
        });

      const poLines = await trx
        .selectFrom("purchase_order_lines")
        .where("po_id", "=", poId)
        .selectAll()
        .orderBy("position")
        .execute();
      const known = new Set(poLines.map((l) => l.id));
      const errors: Record<string, string> = {};
      input.lines.forEach((l, i) => {
        if (!known.has(l.poLineId)) errors[`lines.${i}.quantity`] = msg("This line is not on the purchase order.");
      });
      const lines = input.lines.filter((l) => !toDecimal(l.quantity).isZero());
      if (lines.length === 0) errors["lines.0.quantity"] = msg("Invoice a quantity on at least one line.");
      if (Object.keys(errors).length > 0) throw new FormError(errors);

      const currency = po.currency;
      const { priced: computed, subtotal, taxTotal, total } = priceLines(lines, currency);
      const [receivedBefore, invoicedBefore, tolerancePercent] = await Promise.all([
        receivedByLine(trx, poId),
        invoicedByLine(trx, poId),
        invoiceTolerance(trx, po.buyer_org_id),
      ]);
      const differences = threeWayDifferences({
        currency,
        tolerancePercent,
        poLines,
        invoiceLines: lines,
        receivedBefore,
        invoicedBefore,
      });

      const invoice = await trx
        .insertInto("invoices")
        .values({
          po_id: poId,
          buyer_org_id: po.buyer_org_id,
          supplier_org_id: po.supplier_org_id,
          invoice_number: input.invoiceNumber,
          currency,
          subtotal,
          tax_total: taxTotal,
          total,
          issued_on: input.issuedOn,
          due_on: input.dueOn || null,
          submitted_by: actor.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("invoice_lines")
        .values(
          computed.map((c) => ({
            invoice_id: invoice.id,
            po_line_id: c.poLineId,
            quantity: c.quantity,
            unit_price: c.unitPrice,
            tax_rate: c.taxRate,
            line_total: c.net,
          })),
        )
        .execute();
      await appendAuditEvent(trx, {
        orgId: po.buyer_org_id,
        actorId: actor.userId,
        entityType: "invoice",
        entityId: invoice.id,
        event: "SUBMIT",
        toState: "submitted",
        data: { poId, invoiceNumber: input.invoiceNumber, total, currency },
      });
      const matched = await transitionInvoice(
        trx,
        actor,
        invoice.id,
        { type: "MATCH", at: at.toISOString(), differences },
        { changes: { differences: JSON.stringify(differences) } },
      );
      await notifyMatch(trx, invoice.id, matched.to, differences, false, at);
      // Only the first attempt counts toward the supplier's match rate; a corrected resubmission does not.
      await countPerformance(trx, {
        buyerOrgId: po.buyer_org_id,
        supplierOrgId: po.supplier_org_id,
        month: monthOf(at),
        add: { invoices_first: 1, invoices_matched_first: matched.to === "matched" ? 1 : 0 },
      });
      await settlePurchaseOrder(trx, actor, locked, at);
      await tellRequestersOfPoLines(trx, {
        poId,
        poLineIds: computed.map((c) => c.poLineId),
        kind: "requisition_invoiced",
        // The supplier's person is no one the requester knows: the news comes from the product.
        actorId: null,
        at,
      });
      return { invoiceId: invoice.id, status: matched.to, differences };
    });
  } catch (error) {
    // Two submissions of one number at once: the database's unique key decides.
    if (isUniqueViolation(error)) {
      throw new FormError({
        invoiceNumber: msgWith("You already used invoice number {{number}}; each invoice needs its own number.", {
          number: input.invoiceNumber,
        }),
      });
    }
    throw error;
  }
}

/** PO states after which nothing about its invoices may change any more. */
const SETTLED = ["cancelled", "closed"];

/**
 * The supplier corrects the lines of its disputed invoice and resubmits it:
 * the figures as they stood are kept as a revision, the invoice goes back
 * to submitted through its machine, and the three-way match runs again
 * (matched waits for finance; disputed again lists the new differences).
 */
export async function resubmitInvoice(ctx: Ctx, { id, ...input }: InvoiceResubmitInput & { id: string }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const invoice = await loadInvoiceFor(tx, id, "create");
    // Serialises with receipts and other invoices of the PO, as on first submission.
    const po = await trx
      .selectFrom("purchase_orders")
      .where("id", "=", invoice.po_id)
      .selectAll()
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (SETTLED.includes(po.status)) {
      throw new TransitionRefusedError(
        msgWith("Purchase order {{number}} is {{status}}; its invoices can no longer change.", {
          number: po.number,
          status: po.status,
        }),
      );
    }
    if (po.status === "pending_approval") {
      // Its lines are a change the buyer has not issued yet: nothing to match against.
      throw new TransitionRefusedError(
        msgWith("The buyer is changing purchase order {{number}}. Resubmit once the change is issued to you.", {
          number: po.number,
        }),
      );
    }
    const [poLines, previousLines, revisions] = await Promise.all([
      trx.selectFrom("purchase_order_lines").where("po_id", "=", po.id).selectAll().orderBy("position").execute(),
      trx.selectFrom("invoice_lines").where("invoice_id", "=", id).selectAll().execute(),
      trx
        .selectFrom("invoice_revisions")
        .where("invoice_id", "=", id)
        .select(["revision", "superseded_at"])
        .orderBy("revision", "desc")
        .execute(),
    ]);
    const onInvoice = new Set(previousLines.map((l) => l.po_line_id));
    const errors: Record<string, string> = {};
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      if (!onInvoice.has(l.poLineId) || seen.has(l.poLineId))
        errors[`lines.${i}.quantity`] = msg("This line is not on the invoice.");
      seen.add(l.poLineId);
    });
    const lines = input.lines.filter((l) => !toDecimal(l.quantity).isZero());
    if (lines.length === 0) errors["lines.0.quantity"] = msg("Invoice a quantity on at least one line.");
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const { priced: computed, subtotal, taxTotal, total } = priceLines(lines, invoice.currency);
    const revision = (revisions[0]?.revision ?? 0) + 1;
    await transitionInvoice(
      trx,
      actor,
      id,
      { type: "RESUBMIT", at: at.toISOString() },
      {
        expectedVersion: input.version,
        changes: { subtotal, tax_total: taxTotal, total, differences: JSON.stringify([]) },
        auditData: { revision: revision + 1, previousTotal: invoice.total, total, currency: invoice.currency },
      },
    );
    const kept: InvoiceRevisionLine[] = previousLines.map((l) => ({
      poLineId: l.po_line_id,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      taxRate: l.tax_rate,
      lineTotal: l.line_total,
    }));
    await trx
      .insertInto("invoice_revisions")
      .values({
        invoice_id: id,
        revision,
        subtotal: invoice.subtotal,
        tax_total: invoice.tax_total,
        total: invoice.total,
        lines: JSON.stringify(kept),
        differences: JSON.stringify(invoice.differences),
        submitted_by: invoice.submitted_by,
        submitted_at: revisions[0]?.superseded_at ?? invoice.created_at,
        superseded_at: at,
      })
      .execute();
    await trx.deleteFrom("invoice_lines").where("invoice_id", "=", id).execute();
    await trx
      .insertInto("invoice_lines")
      .values(
        computed.map((c) => ({
          invoice_id: id,
          po_line_id: c.poLineId,
          quantity: c.quantity,
          unit_price: c.unitPrice,
          tax_rate: c.taxRate,
          line_total: c.net,
        })),
      )
      .execute();
    await trx.updateTable("invoices").set({ submitted_by: actor.userId }).where("id", "=", id).execute();

    const [receivedBefore, invoicedBefore, tolerancePercent] = await Promise.all([
      receivedByLine(trx, po.id),
      invoicedByLine(trx, po.id, id),
      invoiceTolerance(trx, po.buyer_org_id),
    ]);
    const differences = threeWayDifferences({
      currency: invoice.currency,
      tolerancePercent,
      poLines,
      invoiceLines: lines,
      receivedBefore,
      invoicedBefore,
    });
    const matched = await transitionInvoice(
      trx,
      actor,
      id,
      { type: "MATCH", at: at.toISOString(), differences },
      { changes: { differences: JSON.stringify(differences) } },
    );
    await notifyMatch(trx, id, matched.to, differences, true, at);
    await settlePurchaseOrder(trx, actor, po, at);
    return { status: matched.to, differences, revision: revision + 1 };
  });
}
