/**
 * Supplier invoices against a purchase order, the three-way match (PO price
 * and quantity, quantity received, quantity invoiced, within finance's
 * tolerance) and finance's approval. The invoice and the PO move only
 * through their machines; the PO becomes invoiced once invoiced in full and
 * closed once its invoices are approved and everything is received.
 */
import type Decimal from "decimal.js";
import type { Db } from "../../db/client.server";
import type { Selectable } from "kysely";

import type { InvoiceRevisionLine, InvoicesTable, PurchaseOrder } from "../../db/schema";
import { enqueueMail } from "../../emails/outbox.server";
import {
  invoiceApprovedMail,
  invoiceAwaitingApprovalMail,
  invoiceDisputedForFinanceMail,
  invoiceDisputedForSupplierMail,
} from "../../emails/templates/invoice-events";
import { appendAuditEvent } from "../../workflows/audit.server";
import { TransitionRefusedError } from "../../workflows/errors";
import {
  invoiceWorkflow,
  type InvoiceContext,
  type InvoiceEvent,
  type InvoiceStatus,
} from "../../workflows/invoice.machine";
import { runTransition } from "../../workflows/run-transition.server";
import { allowedEvents } from "../../workflows/workflow";
import { subject, type Actor, type AppAbility } from "../auth/ability";
import { accessibleWhere } from "../auth/accessible.server";
import { absoluteUrl } from "../env.server";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice, lineTotal, minorUnits, sum, toDecimal } from "../utils/money";

import type { RevisionSnapshot } from "./change-order.server";
import type { InvoiceFormInput, InvoiceResubmitInput } from "./invoice.schema";
import { orgRecipients } from "./mail-recipients.server";
import { changeHiddenFrom, loadPurchaseOrderFor, transitionPurchaseOrder, type Trx } from "./purchase-order.server";
import { receivedByLine } from "./receipt.server";

type InvoiceRow = Selectable<InvoicesTable>;

/** PO states in which a supplier may invoice: acknowledged, goods (partly) in. */
const INVOICEABLE = ["acknowledged", "partially_received", "received"];

type PoLine = {
  id: string;
  position: number;
  item_name: string;
  unit: string;
  quantity: string;
  unit_price: string;
  tax_rate: string;
};

async function invoicedByLine(trx: Trx | Db, poId: string, exceptInvoiceId?: string): Promise<Map<string, string>> {
  let query = trx
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .where("invoices.po_id", "=", poId)
    .groupBy("invoice_lines.po_line_id")
    .select(["invoice_lines.po_line_id", (eb) => eb.fn.sum<string>("invoice_lines.quantity").as("invoiced")]);
  if (exceptInvoiceId) query = query.where("invoices.id", "!=", exceptInvoiceId);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.po_line_id, String(r.invoiced)]));
}

/** Beyond tolerance: `actual` exceeds `expected` by more than `percent` of it. */
function exceeds(actual: Decimal, expected: Decimal, percent: string): boolean {
  return actual.greaterThan(expected.times(toDecimal(percent).div(100).plus(1)));
}

/** How a difference names its line; the invoice page uses it to show each difference beside its line. */
export function differenceSubject(line: { position: number; item_name: string }): string {
  return `Line ${line.position} (${line.item_name})`;
}

/**
 * Each difference between the invoice and the PO and its receipts, in words.
 * Pure apart from its inputs so tests can read the wording it produces.
 */
export function threeWayDifferences(input: {
  currency: string;
  tolerancePercent: string;
  poLines: PoLine[];
  invoiceLines: { poLineId: string; quantity: string; unitPrice: string; taxRate: string }[];
  receivedBefore: Map<string, string>;
  invoicedBefore: Map<string, string>;
}): string[] {
  const byId = new Map(input.poLines.map((l) => [l.id, l]));
  const differences: string[] = [];
  for (const entry of input.invoiceLines) {
    const line = byId.get(entry.poLineId);
    if (!line) continue;
    const name = differenceSubject(line);
    const price = toDecimal(entry.unitPrice);
    const ordered = toDecimal(line.unit_price);
    const tol = input.tolerancePercent;
    if (exceeds(price, ordered, tol) || exceeds(ordered, price, tol)) {
      differences.push(
        `${name}: unit price ${formatUnitPrice(entry.unitPrice, input.currency)} invoiced, ${formatUnitPrice(line.unit_price, input.currency)} on the purchase order.`,
      );
    }
    if (!toDecimal(entry.taxRate).equals(line.tax_rate)) {
      differences.push(
        `${name}: tax rate ${formatQuantity(entry.taxRate)}% invoiced, ${formatQuantity(line.tax_rate)}% on the purchase order.`,
      );
    }
    const invoiced = toDecimal(input.invoicedBefore.get(line.id) ?? "0").plus(entry.quantity);
    const received = toDecimal(input.receivedBefore.get(line.id) ?? "0");
    if (exceeds(invoiced, toDecimal(line.quantity), tol)) {
      differences.push(
        `${name}: ${formatQuantity(invoiced.toString())} ${line.unit} invoiced in total, ${formatQuantity(line.quantity)} ${line.unit} ordered.`,
      );
    }
    if (exceeds(invoiced, received, tol)) {
      differences.push(
        `${name}: ${formatQuantity(invoiced.toString())} ${line.unit} invoiced in total, ${formatQuantity(received.toString())} ${line.unit} received.`,
      );
    }
  }
  return differences;
}

type InvoiceLineInput = InvoiceFormInput["lines"][number];

/** Net and tax per line and the invoice's totals, in the currency's minor units. */
function priceLines(lines: InvoiceLineInput[], currency: string) {
  const computed = lines.map((l) => {
    const net = lineTotal(l.quantity, l.unitPrice, currency);
    const tax = toDecimal(net).times(l.taxRate).div(100).toFixed(minorUnits(currency));
    return { ...l, net, tax };
  });
  const subtotal = sum(
    computed.map((c) => c.net),
    currency,
  );
  const taxTotal = sum(
    computed.map((c) => c.tax),
    currency,
  );
  return { computed, subtotal, taxTotal, total: sum([subtotal, taxTotal], currency) };
}

async function invoiceTolerance(trx: Trx | Db, orgId: string): Promise<string> {
  const policy = await trx
    .selectFrom("approval_policies")
    .where("org_id", "=", orgId)
    .select("invoice_tolerance_percent")
    .executeTakeFirst();
  return policy?.invoice_tolerance_percent ?? "0";
}

function transitionInvoice(
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

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}

export async function submitInvoice(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  poId: string,
  input: InvoiceFormInput,
  at: Date,
) {
  try {
    return await db.transaction().execute(async (trx) => {
      const po = await loadPurchaseOrderFor(trx, ability, poId, "invoice");
      if (
        !ability.can(
          "create",
          subject("Invoice", { supplier_org_id: po.supplier_org_id, buyer_org_id: po.buyer_org_id }),
        )
      ) {
        throw new Response("You are not allowed to do that.", { status: 403 });
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
          `Only an acknowledged purchase order can be invoiced; this one is ${locked.status.replace(/_/g, " ")}.`,
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
          invoiceNumber: `You already used invoice number ${input.invoiceNumber}; each invoice needs its own number.`,
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
        if (!known.has(l.poLineId)) errors[`lines.${i}.quantity`] = "This line is not on the purchase order.";
      });
      const lines = input.lines.filter((l) => !toDecimal(l.quantity).isZero());
      if (lines.length === 0) errors["lines.0.quantity"] = "Invoice a quantity on at least one line.";
      if (Object.keys(errors).length > 0) throw new FormError(errors);

      const currency = po.currency;
      const { computed, subtotal, taxTotal, total } = priceLines(lines, currency);
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
      await notifyMatch(trx, invoice.id, matched.to, differences, false);
      await settlePurchaseOrder(trx, actor, locked, at);
      return { invoiceId: invoice.id, status: matched.to, differences };
    });
  } catch (error) {
    // Two submissions of one number at once: the database's unique key decides.
    if (isUniqueViolation(error)) {
      throw new FormError({
        invoiceNumber: `You already used invoice number ${input.invoiceNumber}; each invoice needs its own number.`,
      });
    }
    throw error;
  }
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
    ])
    .executeTakeFirstOrThrow();
}

/**
 * After a match, in its transaction: a matched invoice waits for the buying
 * organisation's finance users; a disputed one is reported to them and to
 * the supplier with each difference listed.
 */
async function notifyMatch(
  trx: Trx,
  invoiceId: string,
  status: InvoiceStatus,
  differences: string[],
  resubmitted: boolean,
) {
  const parties = await invoiceParties(trx, invoiceId);
  const url = absoluteUrl(`/invoices/${invoiceId}`);
  const common = { invoiceNumber: parties.invoice_number, poNumber: parties.poNumber, url };
  for (const recipient of await orgRecipients(trx, parties.buyer_org_id, ["finance"])) {
    const mail =
      status === "disputed"
        ? invoiceDisputedForFinanceMail({
            ...common,
            recipientName: recipient.name,
            supplierName: parties.supplierName,
            differences,
            resubmitted,
          })
        : invoiceAwaitingApprovalMail({
            ...common,
            recipientName: recipient.name,
            supplierName: parties.supplierName,
            total: formatMoney(parties.total, parties.currency),
            resubmitted,
          });
    await enqueueMail(trx, { orgId: parties.buyer_org_id, to: recipient.email, ...mail });
  }
  if (status !== "disputed") return;
  for (const recipient of await orgRecipients(trx, parties.supplier_org_id, ["supplier"])) {
    await enqueueMail(trx, {
      orgId: parties.supplier_org_id,
      to: recipient.email,
      ...invoiceDisputedForSupplierMail({
        ...common,
        recipientName: recipient.name,
        buyerName: parties.buyerName,
        differences,
      }),
    });
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
export async function resubmitInvoice(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  input: InvoiceResubmitInput,
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    const invoice = await loadInvoiceFor(trx, ability, id);
    if (!ability.can("create", tagInvoice(invoice))) {
      throw new Response("You are not allowed to do that.", { status: 403 });
    }
    // Serialises with receipts and other invoices of the PO, as on first submission.
    const po = await trx
      .selectFrom("purchase_orders")
      .where("id", "=", invoice.po_id)
      .selectAll()
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (SETTLED.includes(po.status)) {
      throw new TransitionRefusedError(
        `Purchase order ${po.number} is ${po.status}; its invoices can no longer change.`,
      );
    }
    if (po.status === "pending_approval") {
      // Its lines are a change the buyer has not issued yet: nothing to match against.
      throw new TransitionRefusedError(
        `The buyer is changing purchase order ${po.number}. Resubmit once the change is issued to you.`,
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
        errors[`lines.${i}.quantity`] = "This line is not on the invoice.";
      seen.add(l.poLineId);
    });
    const lines = input.lines.filter((l) => !toDecimal(l.quantity).isZero());
    if (lines.length === 0) errors["lines.0.quantity"] = "Invoice a quantity on at least one line.";
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const { computed, subtotal, taxTotal, total } = priceLines(lines, invoice.currency);
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
    await notifyMatch(trx, id, matched.to, differences, true);
    await settlePurchaseOrder(trx, actor, po, at);
    return { status: matched.to, differences, revision: revision + 1 };
  });
}

/**
 * Moves the PO on as facts arrive: invoiced once fully received and
 * invoiced in full; closed once, in addition, every invoice is approved.
 */
export async function settlePurchaseOrder(trx: Trx, actor: Actor, po: Pick<PurchaseOrder, "id">, at: Date) {
  const current = await trx
    .selectFrom("purchase_orders")
    .where("id", "=", po.id)
    .select("status")
    .executeTakeFirstOrThrow();
  const [lines, invoiced, invoices] = await Promise.all([
    trx.selectFrom("purchase_order_lines").where("po_id", "=", po.id).select(["id", "quantity"]).execute(),
    invoicedByLine(trx, po.id),
    trx.selectFrom("invoices").where("po_id", "=", po.id).select("status").execute(),
  ]);
  const invoicedInFull = lines.every((l) => toDecimal(invoiced.get(l.id) ?? "0").greaterThanOrEqualTo(l.quantity));
  let status = current.status;
  if (status === "received" && invoicedInFull) {
    status = (await transitionPurchaseOrder(trx, actor, po.id, { type: "INVOICE", at: at.toISOString() })).to;
  }
  if (status === "invoiced" && invoices.length > 0 && invoices.every((i) => i.status === "approved")) {
    await transitionPurchaseOrder(trx, actor, po.id, { type: "CLOSE", at: at.toISOString() });
  }
}

function tagInvoice(row: InvoiceRow) {
  return subject("Invoice", row);
}

async function loadInvoiceFor(db: Db | Trx, ability: AppAbility, id: string) {
  const invoice = await db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirst();
  if (!invoice || !ability.can("read", tagInvoice(invoice))) throw notFound("No such invoice.");
  return invoice;
}

export async function approveInvoice(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  input: { version: number; overrideReason: string },
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    const invoice = await loadInvoiceFor(trx, ability, id);
    if (!ability.can("approve", tagInvoice(invoice)))
      throw new Response("You are not allowed to do that.", { status: 403 });
    const reason = input.overrideReason.trim();
    if (invoice.status === "disputed" && reason === "") {
      throw new FormError({
        overrideReason: "This invoice does not match the purchase order; give a reason to approve it anyway.",
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
    for (const recipient of await orgRecipients(trx, invoice.supplier_org_id, ["supplier"])) {
      await enqueueMail(trx, {
        orgId: invoice.supplier_org_id,
        to: recipient.email,
        ...invoiceApprovedMail({
          recipientName: recipient.name,
          invoiceNumber: invoice.invoice_number,
          poNumber,
          buyerName,
          total: formatMoney(invoice.total, invoice.currency),
          url: absoluteUrl(`/invoices/${invoice.id}`),
        }),
      });
    }
    await settlePurchaseOrder(trx, actor, { id: invoice.po_id }, at);
    return result;
  });
}

export async function listInvoices(db: Db, ability: AppAbility, filters: { status?: string } = {}) {
  const where = accessibleWhere(ability, "read", "Invoice");
  if (!where) return [];
  let query = db
    .selectFrom("invoices")
    .innerJoin("purchase_orders", "purchase_orders.id", "invoices.po_id")
    .innerJoin("organisations as supplier", "supplier.id", "invoices.supplier_org_id")
    .where((eb) => where(eb))
    .select([
      "invoices.id",
      "invoices.invoice_number",
      "invoices.status",
      "invoices.total",
      "invoices.currency",
      "invoices.issued_on",
      "invoices.created_at",
      "purchase_orders.number as poNumber",
      "supplier.name as supplierName",
    ])
    .orderBy("invoices.created_at", "desc")
    .orderBy("invoices.id", "desc")
    .limit(200);
  if (filters.status) query = query.where("invoices.status", "=", filters.status);
  return query.execute();
}

export async function getInvoicePage(db: Db, actor: Actor, ability: AppAbility, id: string, at: Date) {
  const invoice = await loadInvoiceFor(db, ability, id);
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
  const allowed = allowedEvents(
    invoiceWorkflow,
    invoice.status as InvoiceStatus,
    { differences: invoice.differences },
    [
      { type: "APPROVE", at: at.toISOString(), approverId: actor.userId, overrideReason: "-" },
      { type: "RESUBMIT", at: at.toISOString() },
    ],
  );
  // Each difference beside the line it names; the rest (none today) stays in the general list.
  const subjects = lines.map((l) => `${differenceSubject(l)}:`);
  const general = invoice.differences.filter((d) => !subjects.some((prefix) => d.startsWith(prefix)));
  // While a change order awaits the buyer's approval the supplier compares with the prices in force.
  const inForce = changeHiddenFrom(actor, po) ? await inForcePrices(db, po.id, po.revision - 1) : null;
  return {
    invoice,
    po,
    lines: lines.map((l, i) => ({
      ...l,
      poUnitPrice: inForce?.get(l.po_line_id) ?? l.poUnitPrice,
      differences: invoice.differences.filter((d) => d.startsWith(subjects[i])),
    })),
    generalDifferences: general,
    revisions: await invoiceRevisions(db, id),
    canApprove: allowed.includes("APPROVE") && ability.can("approve", tagInvoice(invoice)),
    canResubmit: allowed.includes("RESUBMIT") && ability.can("create", tagInvoice(invoice)) && !inForce,
  };
}

/** Unit price per PO line in a kept revision's snapshot. */
async function inForcePrices(db: Db, poId: string, revision: number): Promise<Map<string, string>> {
  const kept = await db
    .selectFrom("purchase_order_revisions")
    .where("po_id", "=", poId)
    .where("revision", "=", revision)
    .select("snapshot")
    .executeTakeFirst();
  const lines = (kept?.snapshot as RevisionSnapshot | undefined)?.lines ?? [];
  return new Map(lines.map((l) => [l.id, l.unitPrice]));
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
export async function invoiceFormData(db: Db, ability: AppAbility, poId: string) {
  const po = await loadPurchaseOrderFor(db, ability, poId, "invoice");
  const [lines, received, invoiced] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", poId).selectAll().orderBy("position").execute(),
    receivedByLine(db, poId),
    invoicedByLine(db, poId),
  ]);
  return {
    po,
    invoiceable: INVOICEABLE.includes(po.status),
    lines: lines.map((l) => {
      const receivedQty = received.get(l.id) ?? "0";
      const invoicedQty = invoiced.get(l.id) ?? "0";
      // What is received and not yet invoiced, at the PO's price: the usual invoice, prefilled without trailing zeros.
      const open = toDecimal(receivedQty).minus(invoicedQty);
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
