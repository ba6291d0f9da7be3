/**
 * Reading requisitions: the list (a requester's own; the organisation's for
 * buyers, finance and admins, from the same CASL rules in SQL) and one
 * requisition's page, each line followed to its PO, receipt and invoice. A
 * requester reads only the summary of those (number, status, supplier);
 * links lead to the PO or RFQ only for whoever may read them.
 */
import { sql } from "kysely";

import {
  REQUISITION_STATUSES,
  requisitionWorkflow,
  type RequisitionStatus,
} from "../../../workflows/requisition.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { accessibleWhere } from "../../auth/accessible.server";
import type { Ctx } from "../shared/context.server";

import { DEFAULT_APPROVER_ROLE, ruleOf } from "./requisition-rule.server";
import { loadRequisitionFor, requisitionContext, tagRequisition } from "./requisition.server";

export { REQUISITION_STATUSES };

export async function listRequisitions(ctx: Ctx, { status }: { status?: RequisitionStatus } = {}) {
  const { db, ability } = ctx;
  const where = accessibleWhere(ability, "read", "Requisition");
  const can = { create: ability.can("create", "Requisition") };
  if (!where) return { rows: [], can };
  const rows = await db
    .selectFrom("requisitions")
    .leftJoin("users", "users.id", "requisitions.requested_by")
    .where((eb) => where(eb))
    .$if(status !== undefined, (qb) => qb.where("requisitions.status", "=", status ?? "draft"))
    .select([
      "requisitions.id",
      "requisitions.number",
      "requisitions.status",
      "requisitions.total",
      "requisitions.currency",
      "requisitions.cost_centre as costCentre",
      "requisitions.origin",
      "requisitions.created_at as createdAt",
      "users.name as requesterName",
      (eb) =>
        eb
          .selectFrom("requisition_lines")
          .whereRef("requisition_lines.requisition_id", "=", "requisitions.id")
          .select((e) => e.fn.countAll<string>().as("n"))
          .as("lineCount"),
    ])
    .orderBy("requisitions.created_at", "desc")
    .orderBy("requisitions.id", "desc")
    .limit(200)
    .execute();
  return { rows: rows.map((r) => ({ ...r, lineCount: Number(r.lineCount ?? 0) })), can };
}

export async function getRequisitionPage(ctx: Ctx, { id }: { id: string }) {
  const { db, ability, actor, now } = ctx;
  const requisition = await loadRequisitionFor(ctx, id, "read");
  const [lines, approvals, requester, rule, context] = await Promise.all([
    db
      .selectFrom("requisition_lines as l")
      .leftJoin("purchase_orders as po", "po.id", "l.po_id")
      .leftJoin("organisations as supplier", "supplier.id", "po.supplier_org_id")
      .leftJoin("rfqs", "rfqs.id", "l.rfq_id")
      .where("l.requisition_id", "=", id)
      .select([
        "l.id",
        "l.position",
        "l.item_name as itemName",
        "l.category",
        "l.unit",
        "l.quantity",
        "l.unit_price as unitPrice",
        "l.currency",
        sql<string>`l.wanted_by::text`.as("wantedBy"),
        "l.delivery_address as deliveryAddress",
        "l.status",
        "l.hold_reason as holdReason",
        "l.agreement_item_id as agreementItemId",
        "l.po_id as poId",
        "po.number as poNumber",
        "po.status as poStatus",
        "po.buyer_org_id as poBuyerOrgId",
        "supplier.name as supplierName",
        "l.rfq_id as rfqId",
        "rfqs.reference as rfqReference",
        "rfqs.status as rfqStatus",
        (eb) =>
          eb
            .selectFrom("receipt_lines")
            .whereRef("receipt_lines.po_line_id", "=", "l.po_line_id")
            .select((e) => e.fn.coalesce(e.fn.sum<string>("receipt_lines.quantity"), sql<string>`0`).as("q"))
            .as("receivedQuantity"),
        (eb) =>
          eb
            .selectFrom("invoice_lines")
            .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
            .whereRef("invoice_lines.po_line_id", "=", "l.po_line_id")
            .select((e) => e.fn.coalesce(e.fn.sum<string>("invoice_lines.quantity"), sql<string>`0`).as("q"))
            .as("invoicedQuantity"),
      ])
      .orderBy("l.position")
      .execute(),
    db
      .selectFrom("requisition_approvals")
      .innerJoin("users", "users.id", "requisition_approvals.approver_id")
      .where("requisition_id", "=", id)
      .select(["users.name", "decision", "reason", "requisition_approvals.created_at as at"])
      .orderBy("requisition_approvals.created_at")
      .execute(),
    requisition.requested_by
      ? db.selectFrom("users").where("id", "=", requisition.requested_by).select("name").executeTakeFirst()
      : undefined,
    ruleOf(db, requisition.org_id),
    requisitionContext(db, requisition),
  ]);
  const tagged = tagRequisition(requisition);
  const approverRole = rule?.approverRole ?? DEFAULT_APPROVER_ROLE;
  const allowed = allowedEvents(requisitionWorkflow, requisition.status, context, [
    { type: "APPROVE", at: now.toISOString(), approverId: actor.userId },
    { type: "REJECT", at: now.toISOString(), approverId: actor.userId, reason: "-" },
    { type: "CANCEL", at: now.toISOString(), reason: "-" },
  ]);
  const decides = actor.roles.includes(approverRole);
  const canReadPos = ability.can("read", "PurchaseOrder") && ability.can("readPendingChange", "PurchaseOrder");
  const canReadRfqs = ability.can("readInternal", "Rfq");
  return {
    requisition: {
      id: requisition.id,
      number: requisition.number,
      status: requisition.status,
      version: requisition.version,
      origin: requisition.origin,
      costCentre: requisition.cost_centre,
      reason: requisition.reason,
      total: requisition.total,
      currency: requisition.currency,
      requiredApprovals: requisition.required_approvals,
      /** How many approvals the rule asked; null for a draft, the rule has not been applied yet. */
      approvalsAsked: requisition.status === "draft" ? null : requisition.required_approvals,
      decisionReason: requisition.decision_reason,
      createdAt: requisition.created_at,
      submittedAt: requisition.submitted_at,
      requesterName: requester?.name ?? null,
    },
    lines: lines.map((l) => ({
      ...l,
      // The buying side opens the PO and the RFQ; a requester reads their summary here.
      poLink: l.poId && canReadPos && l.poBuyerOrgId === actor.orgId ? `/pos/${l.poId}` : null,
      rfqLink: l.rfqId && canReadRfqs ? `/rfqs/${l.rfqId}` : null,
      rfqReference: canReadRfqs ? l.rfqReference : null,
    })),
    approvals,
    /** The approval rule as it stands, said in words by the page (null: none set, the default applies). */
    rule,
    can: {
      approve: allowed.includes("APPROVE") && decides && ability.can("approve", tagged),
      reject: allowed.includes("REJECT") && decides && ability.can("reject", tagged),
      cancel: allowed.includes("CANCEL") && ability.can("cancel", tagged),
    },
  };
}
