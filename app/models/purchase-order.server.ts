/**
 * Purchase orders: numbering, creation from an award, approval with
 * separation of duties, issue (PDF mailed through the outbox) and the
 * supplier's acknowledgement. Every state change goes through the PO machine.
 */
import { sql, type Transaction } from "kysely";

import type { Db } from "../../db/client.server";
import type { Database, PurchaseOrder } from "../../db/schema";
import { enqueueMail } from "../../emails/outbox.server";
import { approvalNeededMail } from "../../emails/templates/approval-needed";
import {
  purchaseOrderCancelledMail,
  purchaseOrderChangeRejectedMail,
  purchaseOrderDeclinedMail,
  purchaseOrderRejectedMail,
} from "../../emails/templates/purchase-order-events";
import { purchaseOrderIssuedMail } from "../../emails/templates/purchase-order-issued";
import {
  purchaseOrderWorkflow,
  type PurchaseOrderContext,
  type PurchaseOrderEvent,
  type PurchaseOrderStatus,
  type RequiredApprovals,
  isChangeableStatus,
} from "../../workflows/purchase-order.machine";
import { runTransition } from "../../workflows/run-transition.server";
import { allowedEvents } from "../../workflows/workflow";
import { subject, type Actor, type AppAbility } from "../auth/ability";
import { accessibleWhere } from "../auth/accessible.server";
import { notFound } from "../utils/http.server";
import { compare, lineTotal, minorUnits, sum, toDecimal } from "../utils/money";
import { FormError } from "../utils/errors";
import { appendAuditEvent } from "../../workflows/audit.server";

import type { PoFormInput } from "./purchase-order.schema";

import { absoluteUrl } from "../env.server";

import { orgRecipients } from "./mail-recipients.server";
import { listReceipts, receivedByLine } from "./receipt.server";
import { restorePreviousRevision } from "./change-order.server";

export type Trx = Transaction<Database>;

/**
 * The next number of the organisation's year: PO-2026-000123. The counter
 * row is upserted, so concurrent creations queue on its row lock and a
 * number is never handed out twice (a rolled-back one is simply skipped).
 */
export async function nextPoNumber(trx: Trx, orgId: string, year: number): Promise<string> {
  const row = await trx
    .insertInto("po_number_sequences")
    .values({ org_id: orgId, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "year"])
        .doUpdateSet((eb) => ({ last_value: eb("po_number_sequences.last_value", "+", 1) })),
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return `PO-${year}-${String(row.last_value).padStart(6, "0")}`;
}

async function poContext(trx: Trx, po: PurchaseOrder): Promise<PurchaseOrderContext> {
  const [lines, approvals, received] = await Promise.all([
    trx
      .selectFrom("purchase_order_lines")
      .where("po_id", "=", po.id)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("approvals")
      .where("po_id", "=", po.id)
      .where("po_revision", "=", po.revision)
      .where("submission", "=", po.submission)
      .where("decision", "=", "approved")
      .select("approver_id")
      .orderBy("created_at")
      .execute(),
    trx
      .selectFrom("receipts")
      .where("po_id", "=", po.id)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    createdBy: po.created_by,
    requiredApprovals: Math.min(2, Math.max(0, po.required_approvals)) as RequiredApprovals,
    approvals: approvals.map((a) => a.approver_id),
    lineCount: Number(lines.n),
    receivedAny: Number(received.n) > 0,
    changedBy: po.change_from ? po.revised_by : null,
    changeFrom: isChangeableStatus(po.change_from) ? po.change_from : null,
  };
}

type PoChanges =
  | Record<string, unknown>
  | ((result: { from: PurchaseOrderStatus; to: PurchaseOrderStatus }) => Record<string, unknown>);

function transitionPo(
  trx: Trx,
  actor: Actor,
  id: string,
  event: PurchaseOrderEvent,
  options: { expectedVersion?: number; changes?: PoChanges; auditData?: Record<string, unknown> } = {},
) {
  return runTransition<PurchaseOrderStatus, PurchaseOrderContext, PurchaseOrderEvent, PurchaseOrder>(trx, {
    workflow: purchaseOrderWorkflow,
    table: "purchase_orders",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => poContext(trx, row),
    changes: (result) => (typeof options.changes === "function" ? options.changes(result) : (options.changes ?? {})),
    auditData: options.auditData,
  });
}

/**
 * The amount in the currency of the organisation's approval policy (its base
 * currency), at the latest rate on the day; null when there is no policy or
 * no rate to convert with.
 */
export async function inPolicyCurrency(trx: Trx, orgId: string, amount: string, currency: string, on: string) {
  const policy = await trx.selectFrom("approval_policies").where("org_id", "=", orgId).selectAll().executeTakeFirst();
  if (!policy) return { policy: null, converted: null };
  if (currency === policy.currency) return { policy, converted: toDecimal(amount) };
  const rate = await trx
    .selectFrom("fx_rates")
    .where("org_id", "=", orgId)
    .where("base_currency", "=", policy.currency)
    .where("quote_currency", "=", currency)
    .where("valid_on", "<=", on)
    .orderBy("valid_on", "desc")
    .select("rate")
    .executeTakeFirst();
  return { policy, converted: rate ? toDecimal(amount).times(rate.rate) : null };
}

/** How many approvals the organisation's policy asks for at this amount. */
export async function requiredApprovalsFor(
  trx: Trx,
  orgId: string,
  amount: string,
  currency: string,
  on: string,
): Promise<RequiredApprovals> {
  const { policy, converted } = await inPolicyCurrency(trx, orgId, amount, currency, on);
  if (!policy) return 1;
  // Without a rate the amount cannot be placed in a tier: ask for the most scrutiny.
  if (!converted) return 2;
  if (compare(converted.toString(), policy.threshold_one) < 0) return 0;
  if (compare(converted.toString(), policy.threshold_two) < 0) return 1;
  return 2;
}

export async function submitPo(db: Db, actor: Actor, ability: AppAbility, id: string, version: number, at: Date) {
  return db.transaction().execute(async (trx) => {
    const po = await loadPoFor(trx, ability, id, "submit");
    const required = await requiredApprovalsFor(
      trx,
      po.buyer_org_id,
      po.total,
      po.currency,
      at.toISOString().slice(0, 10),
    );
    const result = await transitionPo(
      trx,
      actor,
      id,
      { type: "SUBMIT", at: at.toISOString(), requiredApprovals: required },
      {
        expectedVersion: version,
        // Approvals count per submission: a resubmitted PO starts with none.
        changes: { required_approvals: required, submitted_at: at, submission: po.submission + 1 },
      },
    );
    if (result.to === "approved") {
      await issueInTransaction(trx, actor, id, at);
    } else {
      await mailApprovers(trx, po, [po.created_by]);
    }
    return result;
  });
}

/** Finance of the buying organisation, except those who may not decide (creator, change author), is asked to approve. */
export async function mailApprovers(
  trx: Trx,
  po: { id: string; buyer_org_id: string; number: string; total: string; currency: string },
  excluded: readonly string[],
) {
  const approvers = (await orgRecipients(trx, po.buyer_org_id, ["finance"])).filter(
    (r) => !excluded.includes(r.userId),
  );
  for (const approver of approvers) {
    await enqueueMail(trx, {
      orgId: po.buyer_org_id,
      to: approver.email,
      ...approvalNeededMail({
        recipientName: approver.name,
        poNumber: po.number,
        total: po.total,
        currency: po.currency,
        url: absoluteUrl(`/pos/${po.id}`),
      }),
    });
  }
}

export async function approvePo(db: Db, actor: Actor, ability: AppAbility, id: string, at: Date) {
  return db.transaction().execute(async (trx) => {
    const po = await loadPoFor(trx, ability, id, "read");
    const result = await transitionPo(trx, actor, id, {
      type: "APPROVE",
      at: at.toISOString(),
      approverId: actor.userId,
    });
    // The ability check comes after the machine so its specific message
    // (separation of duties) reaches the person rather than a bare 403.
    assertCan(ability, "approve", po);
    const locked = await lockedSubmission(trx, id);
    await trx
      .insertInto("approvals")
      .values({
        po_id: id,
        po_revision: locked.revision,
        submission: locked.submission,
        approver_id: actor.userId,
        decision: "approved",
        created_at: at,
      })
      .execute();
    if (result.to === "approved") await issueInTransaction(trx, actor, id, at);
    return result;
  });
}

export async function rejectPo(db: Db, actor: Actor, ability: AppAbility, id: string, reason: string, at: Date) {
  return db.transaction().execute(async (trx) => {
    const po = await loadPoFor(trx, ability, id, "read");
    const result = await transitionPo(
      trx,
      actor,
      id,
      { type: "REJECT", at: at.toISOString(), approverId: actor.userId, reason },
      // A rejected change order returns to the revision the supplier has; the reason lives in the audit trail.
      { changes: ({ to }) => (to === "rejected" ? { reason } : {}) },
    );
    assertCan(ability, "reject", po);
    const locked = await lockedSubmission(trx, id);
    await trx
      .insertInto("approvals")
      .values({
        po_id: id,
        po_revision: locked.revision,
        submission: locked.submission,
        approver_id: actor.userId,
        decision: "rejected",
        created_at: at,
        reason,
      })
      .execute();
    const approver = await trx
      .selectFrom("users")
      .where("id", "=", actor.userId)
      .select("name")
      .executeTakeFirstOrThrow();
    const changeAuthor = isChangeableStatus(result.to) ? locked.revised_by : null;
    if (changeAuthor) await restorePreviousRevision(trx, id);
    const mail = { poNumber: po.number, reason, approverName: approver.name, url: absoluteUrl(`/pos/${po.id}`) };
    await mailBuyer(
      trx,
      po,
      (recipient) =>
        changeAuthor
          ? purchaseOrderChangeRejectedMail({
              ...mail,
              recipientName: recipient.name,
              revision: locked.revision,
              previousRevision: locked.revision - 1,
            })
          : purchaseOrderRejectedMail({ ...mail, recipientName: recipient.name }),
      changeAuthor ?? po.created_by,
    );
    return result;
  });
}

/** The person who raised the PO (or the change order), who is the one to act on its rejection or decline. */
async function mailBuyer(
  trx: Trx,
  po: PurchaseOrder,
  render: (recipient: { name: string; email: string }) => { subject: string; text: string; html: string },
  userId: string = po.created_by,
) {
  const creator = await trx
    .selectFrom("users")
    .where("id", "=", userId)
    .where("disabled_at", "is", null)
    .select(["name", "email"])
    .executeTakeFirst();
  if (!creator) return;
  await enqueueMail(trx, { orgId: po.buyer_org_id, to: creator.email, ...render(creator) });
}

/** Back to draft after a rejection, so the buyer can change it and submit it again. */
export async function revisePo(db: Db, actor: Actor, ability: AppAbility, id: string, version: number, at: Date) {
  return db.transaction().execute(async (trx) => {
    await loadPoFor(trx, ability, id, "update");
    return transitionPo(
      trx,
      actor,
      id,
      { type: "REVISE" },
      { expectedVersion: version, auditData: { at: at.toISOString() } },
    );
  });
}

/** The supplier refuses an issued PO; the buyer who raised it is told why. */
export async function declinePo(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  version: number,
  reason: string,
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    const po = await loadPoFor(trx, ability, id, "decline");
    const result = await transitionPo(
      trx,
      actor,
      id,
      { type: "DECLINE", at: at.toISOString(), reason },
      { expectedVersion: version, changes: { reason } },
    );
    const supplier = await trx
      .selectFrom("organisations")
      .where("id", "=", po.supplier_org_id)
      .select("name")
      .executeTakeFirstOrThrow();
    await mailBuyer(trx, po, (recipient) =>
      purchaseOrderDeclinedMail({
        recipientName: recipient.name,
        poNumber: po.number,
        reason,
        supplierName: supplier.name,
        url: absoluteUrl(`/pos/${po.id}`),
      }),
    );
    return result;
  });
}

/** Cancel before any goods arrive; a supplier that already has the PO is told not to ship. */
export async function cancelPo(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  version: number,
  reason: string,
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    const po = await loadPoFor(trx, ability, id, "cancel");
    const result = await transitionPo(
      trx,
      actor,
      id,
      { type: "CANCEL", at: at.toISOString(), reason },
      { expectedVersion: version, changes: { reason } },
    );
    // A change order awaiting approval was cancelled while the supplier still holds the previous revision:
    // that revision is what was cancelled, the unissued change goes.
    const changePending = result.from === "pending_approval" && isChangeableStatus(po.change_from);
    if (changePending) await restorePreviousRevision(trx, id);
    const supplierHasIt = ["issued", "acknowledged"].includes(result.from) || changePending;
    if (supplierHasIt) {
      const buyer = await trx
        .selectFrom("organisations")
        .where("id", "=", po.buyer_org_id)
        .select("name")
        .executeTakeFirstOrThrow();
      for (const recipient of await orgRecipients(trx, po.supplier_org_id, ["supplier"])) {
        await enqueueMail(trx, {
          orgId: po.supplier_org_id,
          to: recipient.email,
          ...purchaseOrderCancelledMail({
            recipientName: recipient.name,
            poNumber: po.number,
            reason,
            buyerName: buyer.name,
            url: absoluteUrl(`/pos/${po.id}`),
          }),
        });
      }
    }
    return result;
  });
}

/** The revision and submission of the PO as the transition, which holds its lock, left them. */
function lockedSubmission(trx: Trx, id: string) {
  return trx
    .selectFrom("purchase_orders")
    .where("id", "=", id)
    .select(["revision", "submission", "revised_by"])
    .executeTakeFirstOrThrow();
}

/** Issue: the PO goes to the supplier, with its PDF attached, through the outbox. */
async function issueInTransaction(trx: Trx, actor: Actor, id: string, at: Date) {
  // A change order's new revision must be acknowledged again.
  await transitionPo(
    trx,
    actor,
    id,
    { type: "ISSUE", at: at.toISOString() },
    { changes: { issued_at: at, change_from: null, acknowledged_at: null } },
  );
  await mailIssuedPo(trx, id);
}

/** The supplier's users get the PO (or its new revision) with the PDF, rendered when the mail is sent. */
export async function mailIssuedPo(trx: Trx, id: string) {
  const po = await trx
    .selectFrom("purchase_orders")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.id", "=", id)
    .select([
      "purchase_orders.number",
      "purchase_orders.total",
      "purchase_orders.currency",
      "purchase_orders.supplier_org_id",
      "purchase_orders.revision",
      "purchase_orders.change_reason",
      "buyer.name as buyerName",
      "supplier.name as supplierName",
    ])
    .executeTakeFirstOrThrow();
  for (const recipient of await orgRecipients(trx, po.supplier_org_id, ["supplier"])) {
    await enqueueMail(trx, {
      orgId: po.supplier_org_id,
      to: recipient.email,
      ...purchaseOrderIssuedMail({
        poNumber: po.number,
        buyerName: po.buyerName,
        supplierName: po.supplierName,
        total: po.total,
        currency: po.currency,
        url: absoluteUrl(`/pos/${id}`),
        revision: po.revision,
        changeReason: po.change_reason,
      }),
      attachments: [{ kind: "purchase_order_pdf", poId: id }],
    });
  }
}

export async function acknowledgePo(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  version: number,
  promisedDate: string | null,
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    await loadPoFor(trx, ability, id, "acknowledge");
    return transitionPo(
      trx,
      actor,
      id,
      { type: "ACKNOWLEDGE", at: at.toISOString(), promisedDate: promisedDate ?? undefined },
      {
        expectedVersion: version,
        changes: { acknowledged_at: at, promised_date: promisedDate },
      },
    );
  });
}

function tag(po: PurchaseOrder) {
  return subject("PurchaseOrder", po);
}

function assertCan(ability: AppAbility, action: "approve" | "reject", po: PurchaseOrder) {
  if (!ability.can(action, tag(po))) throw new Response("You are not allowed to do that.", { status: 403 });
}

/** The PO, locked for this transaction, or 404 for anyone who may not read it and 403 for an action they may not take. */
async function loadPoFor(
  trx: Trx | Db,
  ability: AppAbility,
  id: string,
  action: "read" | "submit" | "acknowledge" | "cancel" | "decline" | "update" | "receive" | "invoice",
) {
  const po = await trx.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!po || !ability.can("read", tag(po))) throw notFound("No such purchase order.");
  if (action !== "read" && !ability.can(action, tag(po)))
    throw new Response("You are not allowed to do that.", { status: 403 });
  return po;
}

export const PO_PAGE_SIZE = 25;

export interface PoListFilters {
  status?: string;
  supplierOrgId?: string;
  /** Part of a PO number, e.g. "000123" or "PO-2026-0001". */
  search?: string;
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor?: string;
  pageSize?: number;
}

/** "created_at|id" of the last row shown; the next page starts strictly after it. */
function encodeCursor(row: { created_at: Date | string; id: string }): string {
  const at = row.created_at instanceof Date ? row.created_at.toISOString() : new Date(row.created_at).toISOString();
  return Buffer.from(`${at}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? "")) return null;
  return { createdAt, id };
}

/**
 * One page of the POs this person may read, newest first. Keyset pagination
 * on (created_at, id) so page 500 costs what page 1 does, on the
 * (buyer_org_id, created_at, id) index.
 */
export async function listPurchaseOrderPage(db: Db, ability: AppAbility, filters: PoListFilters = {}) {
  const where = accessibleWhere(ability, "read", "PurchaseOrder");
  if (!where) return { rows: [], nextCursor: null as string | null };
  const pageSize = filters.pageSize ?? PO_PAGE_SIZE;
  // The supplier's view (only suppliers acknowledge): a change order awaiting the buyer's approval
  // is internal, so its row shows the revision in force, with the status it had before the change.
  const supplierView = ability.can("acknowledge", "PurchaseOrder");
  const changePending = sql<boolean>`(purchase_orders.status = 'pending_approval' and purchase_orders.change_from is not null)`;
  // Plain columns for everyone else, so the status filter keeps its index.
  const shownStatus = supplierView
    ? sql<string>`case when ${changePending} then purchase_orders.change_from else purchase_orders.status end`
    : sql<string>`purchase_orders.status`;
  const shownTotal = supplierView
    ? sql<string>`case when ${changePending} then (in_force.snapshot ->> 'total')::numeric(18, 2) else purchase_orders.total end`
    : sql<string>`purchase_orders.total`;
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
    ])
    .orderBy("purchase_orders.created_at", "desc")
    .orderBy("purchase_orders.id", "desc")
    .limit(pageSize + 1);
  if (filters.status) query = query.where(shownStatus, "=", filters.status);
  if (filters.supplierOrgId) query = query.where("purchase_orders.supplier_org_id", "=", filters.supplierOrgId);
  const search = filters.search?.trim();
  if (search) {
    // Escape LIKE's wildcards: the search is for literal text in the number.
    const escaped = search.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where("purchase_orders.number", "ilike", `%${escaped}%`);
  }
  const after = filters.cursor ? decodeCursor(filters.cursor) : null;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("purchase_orders.created_at", "<", after.createdAt),
        eb.and([eb("purchase_orders.created_at", "=", after.createdAt), eb("purchase_orders.id", "<", after.id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const more = rows.length > pageSize;
  const page = more ? rows.slice(0, pageSize) : rows;
  return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]) : null };
}

/** The newest POs this person may read (the dashboard's short list). */
export async function listPurchaseOrders(db: Db, ability: AppAbility, filters: { status?: string } = {}) {
  return (await listPurchaseOrderPage(db, ability, { ...filters, pageSize: 100 })).rows;
}

/** Suppliers that appear on this person's POs, for the filter. */
export async function poSupplierOptions(db: Db, ability: AppAbility) {
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

/** Finance's queue: POs waiting for an approval this person may give, oldest first. */
export async function listApprovalQueue(db: Db, actor: Actor, ability: AppAbility) {
  const where = accessibleWhere(ability, "approve", "PurchaseOrder");
  if (!where) return [];
  return (
    db
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
        "supplier.name as supplierName",
        "requester.name as requesterName",
      ])
      .orderBy("purchase_orders.submitted_at", "asc")
      .execute()
  );
}

export async function getPoPage(db: Db, actor: Actor, ability: AppAbility, id: string, at: Date) {
  const po = await loadPoFor(db, ability, id, "read");
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
  const context = await db.transaction().execute((trx) => poContext(trx, po));
  const allowed = allowedEvents(purchaseOrderWorkflow, po.status as PurchaseOrderStatus, context, [
    { type: "SUBMIT", at: at.toISOString(), requiredApprovals: 1 },
    { type: "APPROVE", at: at.toISOString(), approverId: actor.userId },
    { type: "REJECT", at: at.toISOString(), approverId: actor.userId, reason: "-" },
    { type: "ACKNOWLEDGE", at: at.toISOString() },
    { type: "DECLINE", at: at.toISOString(), reason: "-" },
    { type: "CANCEL", at: at.toISOString(), reason: "-" },
    { type: "REVISE" },
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
    edit: po.status === "draft" && ability.can("update", tagged),
    change: allowed.includes("CHANGE") && ability.can("update", tagged),
    invoice: ["acknowledged", "partially_received", "received"].includes(po.status) && ability.can("invoice", tagged),
    // Shown to finance who may not approve this one, to say why.
    creatorOfPending: po.status === "pending_approval" && actor.role === "finance" && po.created_by === actor.userId,
  };
  const linesWithReceipts = lines.map((l) => ({ ...l, received: received.get(l.id) ?? "0" }));
  // Every revision the PO has had; all but the current one are kept snapshots.
  const revisions = Array.from({ length: po.revision }, (_, i) => i + 1);
  return { po, lines: linesWithReceipts, ...parties, approvals, timeline, receipts, invoices, actions, revisions };
}

/** Line totals, tax and totals of a PO's lines, in decimals rounded to the currency. */
export function pricePoLines<L extends { quantity: string; unitPrice: string; taxRate: string }>(
  lines: L[],
  currency: string,
) {
  const priced = lines.map((l, i) => {
    const net = lineTotal(l.quantity, l.unitPrice, currency);
    const tax = toDecimal(net).times(l.taxRate).div(100).toFixed(minorUnits(currency));
    return { ...l, position: i + 1, net, tax };
  });
  const subtotal = sum(
    priced.map((l) => l.net),
    currency,
  );
  const taxTotal = sum(
    priced.map((l) => l.tax),
    currency,
  );
  return { priced, subtotal, taxTotal, total: sum([subtotal, taxTotal], currency) };
}

async function assertKnownSupplier(trx: Trx, buyerOrgId: string, supplierOrgId: string) {
  const known = await trx
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .where("status", "=", "active")
    .select("id")
    .executeTakeFirst();
  if (!known) throw new FormError({ supplierOrgId: "Choose one of your active suppliers." });
}

function poHeader(input: PoFormInput, totals: { subtotal: string; taxTotal: string; total: string }) {
  return {
    supplier_org_id: input.supplierOrgId,
    currency: input.currency,
    delivery_address: input.deliveryAddress,
    delivery_date: input.deliveryDate ?? null,
    payment_terms: input.paymentTerms ?? null,
    incoterm: input.incoterm ?? null,
    notes: input.notes,
    subtotal: totals.subtotal,
    tax_total: totals.taxTotal,
    total: totals.total,
  };
}

async function writePoLines(
  trx: Trx,
  poId: string,
  priced: ReturnType<typeof pricePoLines<PoFormInput["lines"][number]>>["priced"],
) {
  await trx
    .insertInto("purchase_order_lines")
    .values(
      priced.map((l) => ({
        po_id: poId,
        position: l.position,
        item_name: l.itemName,
        specification: l.specification,
        quantity: l.quantity,
        unit: l.unit,
        unit_price: l.unitPrice,
        tax_rate: l.taxRate,
        line_total: l.net,
      })),
    )
    .execute();
}

/** A buyer's PO without an RFQ, for a supplier it already works with; starts as a draft. */
export async function createDirectPo(db: Db, actor: Actor, ability: AppAbility, input: PoFormInput, at: Date) {
  if (!ability.can("create", subject("PurchaseOrder", { buyer_org_id: actor.orgId }))) {
    throw new Response("You are not allowed to do that.", { status: 403 });
  }
  return db.transaction().execute(async (trx) => {
    await assertKnownSupplier(trx, actor.orgId, input.supplierOrgId);
    const totals = pricePoLines(input.lines, input.currency);
    const number = await nextPoNumber(trx, actor.orgId, at.getUTCFullYear());
    const po = await trx
      .insertInto("purchase_orders")
      .values({ number, buyer_org_id: actor.orgId, created_by: actor.userId, ...poHeader(input, totals) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writePoLines(trx, po.id, totals.priced);
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "purchase_order",
      entityId: po.id,
      event: "CREATE",
      toState: "draft",
      data: { from: "direct", number },
    });
    return { poId: po.id, poNumber: number };
  });
}

/** Changes a draft (the machine refuses once it was submitted); lines are replaced as a whole. */
export async function updateDraftPo(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  input: PoFormInput & { version: number },
) {
  return db.transaction().execute(async (trx) => {
    const po = await loadPoFor(trx, ability, id, "update");
    await assertKnownSupplier(trx, po.buyer_org_id, input.supplierOrgId);
    const totals = pricePoLines(input.lines, input.currency);
    const result = await transitionPo(
      trx,
      actor,
      id,
      { type: "UPDATE_DRAFT" },
      { expectedVersion: input.version, changes: poHeader(input, totals), auditData: { total: totals.total } },
    );
    // Lines a receipt or invoice points at never exist on a draft, so replacing them loses nothing.
    await trx.deleteFrom("purchase_order_lines").where("po_id", "=", id).execute();
    await writePoLines(trx, id, totals.priced);
    return result;
  });
}

/** Known suppliers for the PO form. */
export async function poFormOptions(db: Db, actor: Actor) {
  const [suppliers, org] = await Promise.all([
    db
      .selectFrom("supplier_relationships")
      .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
      .where("supplier_relationships.buyer_org_id", "=", actor.orgId)
      .where("supplier_relationships.status", "=", "active")
      .select(["organisations.id", "organisations.name"])
      .orderBy("organisations.name")
      .execute(),
    db
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select(["base_currency", "address"])
      .executeTakeFirst(),
  ]);
  return { suppliers, currency: org?.base_currency ?? "EUR", address: org?.address ?? "" };
}

/** A draft with its lines, as the edit form shows it. */
export async function getDraftForEdit(db: Db, ability: AppAbility, id: string) {
  const po = await loadPoFor(db, ability, id, "update");
  const lines = await db
    .selectFrom("purchase_order_lines")
    .where("po_id", "=", id)
    .selectAll()
    .orderBy("position")
    .execute();
  return { po, lines };
}

/** For sibling models (receipts, invoices): the one way they move a PO. */
export { transitionPo as transitionPurchaseOrder, loadPoFor as loadPurchaseOrderFor };

/** For the PDF route: the PO if this person may read it. */
export async function readablePurchaseOrder(db: Db, ability: AppAbility, id: string) {
  return loadPoFor(db, ability, id, "read");
}

/**
 * While a change order awaits the buyer's approval the supplier keeps the
 * revision it was issued: the proposed one is internal until it is issued.
 */
export function changeHiddenFrom(actor: Actor, po: { status: string; revision: number }): boolean {
  return actor.role === "supplier" && po.status === "pending_approval" && po.revision > 1;
}
