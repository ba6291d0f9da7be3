/**
 * Writing an RFQ: a new one or a draft changed from the same form, with its
 * lines and invitations, published at once when asked.
 */
import { msg } from "../../i18n/config";
import { randomBytes } from "node:crypto";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { rfqWorkflow, type RfqStatus } from "../../../workflows/rfq.machine";
import { FormError } from "../../utils/errors";
import { toDecimal } from "../../utils/money";
import { instantToZonedLocal, zonedLocalToInstant } from "../../utils/time";
import type { RfqFormInput } from "./rfq.schema";
import { loadRfqFor, transitionRfq } from "./rfq.server";
import { publishInTransaction } from "./rfq-lifecycle.server";
import type { Trx } from "../../../db/client.server";
import { insertInvitations, invitableEmails, invitableSuppliers } from "./rfq-invitations.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { resolveDeliveryAddress } from "../shared/ship-to.server";
import { subject } from "../../auth/ability";
import { forbidden } from "../../utils/http.server";

function newReference(at: Date): string {
  return `RFQ-${at.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

/** The deadline typed in its time zone, as an instant; publishing needs it ahead of `at`. */
function checkedDeadline(input: RfqFormInput, at: Date): Date {
  const deadline = zonedLocalToInstant(input.deadline, input.deadlineTimeZone);
  if (!deadline) throw new FormError({ deadline: msg("Enter the deadline as a date and time.") });
  if (input.intent === "publish" && deadline.getTime() <= at.getTime()) {
    throw new FormError({ deadline: msg("The deadline must be in the future.") });
  }
  return deadline;
}

/** Creates a draft RFQ with its lines and invitations, and publishes it when asked. */
export async function createRfq(ctx: Ctx, input: RfqFormInput): Promise<{ id: string; status: RfqStatus }> {
  const { actor, now: at } = ctx;
  if (!ctx.ability.can("create", subject("Rfq", { org_id: actor.orgId }))) throw forbidden();
  const deadline = checkedDeadline(input, at);
  return inTransaction(ctx, async (trx) => {
    const suppliers = await invitableSuppliers(trx, actor.orgId, input.supplierIds);
    const emails = await invitableEmails(trx, actor.orgId, input.inviteEmails ?? []);
    const deliveryAddress = await resolveDeliveryAddress(trx, actor.orgId, {
      shipToId: input.shipToId,
      typed: input.deliveryAddress,
    });
    const rfq = await trx
      .insertInto("rfqs")
      .values({
        org_id: actor.orgId,
        reference: newReference(at),
        ...headerColumns({ ...input, deliveryAddress }, deadline),
        created_by: actor.userId,
        workflow_version: rfqWorkflow.version,
      })
      .returning(["id", "deadline"])
      .executeTakeFirstOrThrow();
    await insertLines(trx, actor.orgId, rfq.id, input.lines);
    await insertInvitations(trx, actor.orgId, rfq.id, suppliers, emails);
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfq.id,
      event: "CREATE",
      toState: "draft",
      data: { lines: input.lines.length, invited: suppliers.length, invitedByEmail: emails.length },
    });
    if (input.intent !== "publish") return { id: rfq.id, status: "draft" as const };
    await publishInTransaction(trx, actor, rfq.id, at);
    return { id: rfq.id, status: "open" as const };
  });
}

/** The RFQ row's columns that come straight from the form, for create and draft edit alike. */
function headerColumns(input: RfqFormInput & { deliveryAddress: string }, deadline: Date) {
  return {
    title: input.title,
    description: input.description,
    currency: input.currency,
    deadline,
    deadline_time_zone: input.deadlineTimeZone,
    delivery_address: input.deliveryAddress,
    category: input.category ?? null,
    wanted_by: input.wantedBy ?? null,
    payment_terms: input.paymentTerms ?? null,
    incoterm: input.incoterm ?? null,
  };
}

async function insertLines(trx: Trx, orgId: string, rfqId: string, lines: RfqFormInput["lines"]) {
  await trx
    .insertInto("rfq_lines")
    .values(
      lines.map((line, index) => ({
        rfq_id: rfqId,
        org_id: orgId,
        position: index + 1,
        item_name: line.itemName,
        specification: line.specification,
        quantity: line.quantity,
        unit: line.unit,
        target_price: line.targetPrice ?? null,
      })),
    )
    .execute();
}

/**
 * Rewrites a draft from the same form it was created with, and publishes it
 * when asked. Lines and invitations are replaced wholesale: while a draft,
 * nobody outside the buyer's organisation has seen them.
 */
export async function updateDraftRfq(
  ctx: Ctx,
  { id, ...input }: RfqFormInput & { id: string; version: number },
): Promise<{ id: string; status: RfqStatus }> {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, id, "update");
  const deadline = checkedDeadline(input, at);
  return inTransaction(ctx, async (trx) => {
    const suppliers = await invitableSuppliers(trx, actor.orgId, input.supplierIds);
    const emails = await invitableEmails(trx, actor.orgId, input.inviteEmails ?? []);
    const deliveryAddress = await resolveDeliveryAddress(trx, actor.orgId, {
      shipToId: input.shipToId,
      typed: input.deliveryAddress,
    });
    await transitionRfq(
      trx,
      actor,
      id,
      { type: "UPDATE_DRAFT" },
      {
        expectedVersion: input.version,
        changes: {
          ...headerColumns({ ...input, deliveryAddress }, deadline),
        },
        auditData: { lines: input.lines.length, invited: suppliers.length, invitedByEmail: emails.length },
      },
    );
    // Lines taken from the sourcing queue point at their RFQ line; the rewrite keeps each link
    // by position, and a line the buyer removed sends its requisition line back to the queue.
    const linked = await trx
      .selectFrom("requisition_lines")
      .innerJoin("rfq_lines", "rfq_lines.id", "requisition_lines.rfq_line_id")
      .where("rfq_lines.rfq_id", "=", id)
      .select(["requisition_lines.id", "rfq_lines.position"])
      .execute();
    if (linked.length > 0)
      await trx
        .updateTable("requisition_lines")
        .set({ rfq_line_id: null })
        .where(
          "id",
          "in",
          linked.map((l) => l.id),
        )
        .execute();
    await trx.deleteFrom("rfq_lines").where("rfq_id", "=", id).execute();
    await insertLines(trx, actor.orgId, id, input.lines);
    if (linked.length > 0) {
      const fresh = await trx.selectFrom("rfq_lines").where("rfq_id", "=", id).select(["id", "position"]).execute();
      const byPosition = new Map(fresh.map((l) => [l.position, l.id]));
      for (const l of linked) {
        const rfqLineId = byPosition.get(l.position) ?? null;
        await trx
          .updateTable("requisition_lines")
          .set(rfqLineId ? { rfq_line_id: rfqLineId } : { rfq_id: null, rfq_line_id: null })
          .where("id", "=", l.id)
          .execute();
      }
    }
    await trx.deleteFrom("rfq_invitations").where("rfq_id", "=", id).execute();
    await insertInvitations(trx, actor.orgId, id, suppliers, emails);
    if (input.intent !== "publish") return { id, status: "draft" as const };
    await publishInTransaction(trx, actor, id, at);
    return { id, status: "open" as const };
  });
}

/** A draft as the form's values, for editing it. */
export async function getDraftForm(ctx: Ctx, { id }: { id: string }) {
  const { db } = ctx;
  const rfq = await loadRfqFor(ctx, id, "update");
  const lines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", id)
    .select(["item_name", "specification", "quantity", "unit", "target_price"])
    .orderBy("position")
    .execute();
  const invited = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  const invitedEmails = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is", null)
    .where("invited_email", "is not", null)
    .select("invited_email")
    .orderBy("invited_email")
    .execute();
  return {
    rfq,
    // Only a draft has a form (the machine's UPDATE_DRAFT); anything later changes by its own actions.
    editable: rfq.status === "draft",
    values: {
      title: rfq.title,
      description: rfq.description,
      category: rfq.category ?? "",
      currency: rfq.currency,
      deadline: instantToZonedLocal(new Date(rfq.deadline), rfq.deadline_time_zone),
      deadlineTimeZone: rfq.deadline_time_zone,
      deliveryAddress: rfq.delivery_address,
      wantedBy: rfq.wanted_by ?? "",
      paymentTerms: rfq.payment_terms ?? "",
      incoterm: rfq.incoterm ?? "",
      lines: lines.map((l) => ({
        itemName: l.item_name,
        specification: l.specification,
        // "100.000" as stored reads back as the "100" the buyer typed.
        quantity: toDecimal(l.quantity).toString(),
        unit: l.unit,
        targetPrice: l.target_price === null ? "" : toDecimal(l.target_price).toString(),
      })),
      supplierIds: invited.map((i) => i.supplier_org_id as string),
      inviteEmails: invitedEmails.map((i) => i.invited_email as string).join("\n"),
      version: String(rfq.version),
    },
  };
}
