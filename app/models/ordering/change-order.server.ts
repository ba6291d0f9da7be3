/**
 * Change orders: a buyer changes an issued, acknowledged or partially
 * received purchase order (quantities, prices, lines, delivery date, notes)
 * with a reason. The PO gets a new revision; the previous one is kept as a
 * snapshot (revisions.server.ts). A total that rises into an approval tier
 * sends the PO back to finance; otherwise the new revision is issued to the
 * supplier at once. Everything in one transaction, through the PO machine.
 */
import { StaleVersionError } from "../../../workflows/errors";
import { isChangeableStatus } from "../../../workflows/purchase-order.machine";
import { FormError } from "../../utils/errors";
import { notFound } from "../../utils/http.server";
import { compare, formatQuantity, toDecimal } from "../../utils/money";
import type { ChangeOrderInput } from "./change-order.schema";
import { inPolicyCurrency, requiredApprovalsFor } from "./approval-policy.server";
import { loadPurchaseOrderFor, transitionPurchaseOrder } from "./purchase-order.server";
import { mailApprovers, mailIssuedPo } from "./mails.server";
import { isCharge, priceLines } from "../shared/pricing";
import { type Trx } from "../../../db/client.server";
import { receivedByLine } from "./ledger.server";
import { currentSnapshot, parkPositions } from "./revisions.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { CALL_OFF_FIXED } from "./draft.server";
import { msg, msgWith } from "../../i18n/config";

/** A line as it will be after the change; `row` is its row in the form, for errors. */
interface NextLine {
  row: number;
  id: string | null;
  rfqLineId: string | null;
  itemName: string;
  specification: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

/** numeric(18, 2) holds 16 digits before the point. */
const AMOUNT_LIMIT = toDecimal("1e16");

/** Lines an invoice points at: they cannot be removed. */
async function invoicedLineIds(trx: Trx, poId: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .where("invoices.po_id", "=", poId)
    .select("invoice_lines.po_line_id")
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.po_line_id));
}

/**
 * Makes a change order: the PO's current revision is kept as a snapshot and
 * the PO becomes revision + 1, issued at once or back in approval.
 */
export async function makeChangeOrder(ctx: Ctx, { id, ...input }: ChangeOrderInput & { id: string }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    await loadPurchaseOrderFor(tx, id, "update");
    // Locked before reading lines and receipts, so a receipt or a second change order waits for this one.
    const po = await trx.selectFrom("purchase_orders").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!po) throw notFound("No such purchase order.");
    if (po.version !== input.version) throw new StaleVersionError("purchase order");
    if (po.agreement_id !== null) throw new FormError({ form: CALL_OFF_FIXED });
    const [lines, received, invoiced] = await Promise.all([
      trx.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
      receivedByLine(trx, id),
      invoicedLineIds(trx, id),
    ]);
    const byId = new Map(lines.map((l) => [l.id, l]));
    const errors: Record<string, string> = {};
    const seen = new Set<string>();
    input.lines.forEach((entry, i) => {
      if (entry.kind === "add") return;
      const line = byId.get(entry.lineId);
      const field = entry.kind === "remove" ? `lines.${i}.remove` : `lines.${i}.quantity`;
      if (!line || seen.has(entry.lineId)) {
        errors[field] = msg("This line is not on the purchase order.");
        return;
      }
      seen.add(entry.lineId);
      const got = received.get(line.id) ?? "0";
      if (entry.kind === "remove") {
        if (compare(got, "0") > 0) {
          errors[field] =
            `${formatQuantity(got)} ${line.unit} of this line were already received, so it cannot be removed; lower its quantity instead.`;
        } else if (invoiced.has(line.id)) {
          errors[field] = msg("This line has been invoiced, so it cannot be removed.");
        }
        return;
      }
      if (compare(entry.quantity, got) < 0) {
        errors[field] = msgWith("The quantity cannot go below the {{quantity}} {{unit}} already received.", {
          quantity: formatQuantity(got),
          unit: line.unit,
        });
      }
    });
    if (Object.keys(errors).length === 0 && lines.some((l) => !seen.has(l.id))) {
      errors.form = msg("This purchase order changed since you opened it. Reload the page and try again.");
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    // The lines as they will be: kept ones keep their id (receipts and invoices point at it).
    const next = input.lines.flatMap((entry, i): NextLine[] => {
      if (entry.kind === "remove") return [];
      if (entry.kind === "add") return [{ ...entry, row: i, id: null, rfqLineId: null }];
      const line = byId.get(entry.lineId);
      if (!line) return [];
      return [
        {
          row: i,
          id: line.id,
          rfqLineId: line.rfq_line_id,
          itemName: line.item_name,
          specification: line.specification,
          unit: line.unit,
          quantity: entry.quantity,
          unitPrice: entry.unitPrice,
          taxRate: entry.taxRate,
        },
      ];
    });
    const totals = priceLines(next, po.currency);
    totals.priced.forEach((l) => {
      if (toDecimal(l.net).abs().gte(AMOUNT_LIMIT) || toDecimal(l.tax).abs().gte(AMOUNT_LIMIT)) {
        errors[`lines.${l.row}.quantity`] = msg("This line's total is too large.");
      }
    });
    if (Object.keys(errors).length === 0 && toDecimal(totals.total).gte(AMOUNT_LIMIT)) {
      errors.lines = msg("The total of the purchase order is too large.");
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const on = at.toISOString().slice(0, 10);
    const [before, after, required] = await Promise.all([
      inPolicyCurrency(trx, po.buyer_org_id, po.total, po.currency, on),
      inPolicyCurrency(trx, po.buyer_org_id, totals.total, po.currency, on),
      requiredApprovalsFor(trx, po.buyer_org_id, totals.total, po.currency, on),
    ]);
    // Both totals are in the PO's currency, so without a rate they still compare as they are.
    const totalRises =
      before.converted && after.converted
        ? after.converted.greaterThan(before.converted)
        : compare(totals.total, po.total) > 0;
    // Charges (freight) are never received: only goods keep a PO open for receipt.
    const charges = new Set(lines.filter((l) => isCharge(l)).map((l) => l.id));
    const goodsLeftToReceive = next.some(
      (l) =>
        !(l.id && charges.has(l.id)) && toDecimal(l.quantity).greaterThan(l.id ? (received.get(l.id) ?? "0") : "0"),
    );

    const snapshot = await currentSnapshot(trx, po);
    await trx
      .insertInto("purchase_order_revisions")
      .values({ po_id: id, revision: po.revision, snapshot: JSON.stringify(snapshot), created_by: snapshot.authorId })
      .execute();

    const revision = po.revision + 1;
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      {
        type: "CHANGE",
        at: at.toISOString(),
        authorId: actor.userId,
        reason: input.reason,
        totalRises,
        requiredApprovals: required,
        goodsLeftToReceive,
      },
      {
        expectedVersion: input.version,
        changes: ({ from, to }) => ({
          revision,
          revised_by: actor.userId,
          revised_at: at,
          change_reason: input.reason,
          delivery_date: input.deliveryDate ?? null,
          notes: input.notes,
          subtotal: totals.subtotal,
          tax_total: totals.taxTotal,
          total: totals.total,
          ...(to === "pending_approval"
            ? // Approvals count per submission: the change starts with none.
              { change_from: from, required_approvals: required, submission: po.submission + 1, submitted_at: at }
            : { change_from: null, issued_at: at, acknowledged_at: null }),
        }),
        auditData: { revision, previousTotal: po.total, total: totals.total, currency: po.currency.trim() },
      },
    );

    await parkPositions(trx, id);
    const kept = new Set(next.flatMap((l) => (l.id ? [l.id] : [])));
    const removed = lines.filter((l) => !kept.has(l.id)).map((l) => l.id);
    if (removed.length > 0) await trx.deleteFrom("purchase_order_lines").where("id", "in", removed).execute();
    for (const l of totals.priced) {
      const values = {
        position: l.position,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        tax_rate: l.taxRate,
        line_total: l.net,
      };
      if (l.id) {
        await trx.updateTable("purchase_order_lines").set(values).where("id", "=", l.id).execute();
      } else {
        await trx
          .insertInto("purchase_order_lines")
          .values({
            ...values,
            po_id: id,
            item_name: l.itemName,
            specification: l.specification,
            unit: l.unit,
          })
          .execute();
      }
    }

    if (result.to === "issued") {
      await mailIssuedPo(trx, id, at, actor.userId, false);
    } else {
      await mailApprovers(trx, { ...po, total: totals.total }, [po.created_by, actor.userId], at);
    }
    return { ...result, revision };
  });
}

/** What the change-order form starts from: the PO, its lines and what was received of each. */
export async function getChangeOrderForm(ctx: Ctx, { id }: { id: string }) {
  const { db } = ctx;
  const po = await loadPurchaseOrderFor(ctx, id, "update");
  const [lines, received] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
    receivedByLine(db, id),
  ]);
  return {
    po,
    changeable: isChangeableStatus(po.status),
    lines: lines.map((l) => ({ ...l, received: received.get(l.id) ?? "0" })),
  };
}
