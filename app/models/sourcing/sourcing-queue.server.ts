/**
 * The buyers' sourcing queue: free-text lines of approved requisitions that
 * no RFQ has taken yet, and the one step that makes a draft RFQ of the lines
 * a buyer picks (from one or several requisitions). Each RFQ line is written
 * back to its requisition line, so the award can fulfil it.
 */
import { msg, msgWith } from "../../i18n/config";
import { randomBytes } from "node:crypto";

import { sql } from "kysely";

import { appendAuditEvent } from "../../../workflows/audit.server";
import { rfqWorkflow } from "../../../workflows/rfq.machine";
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { forbidden } from "../../utils/http.server";
import { inTransaction, type Ctx } from "../shared/context.server";

function canSource(ctx: Ctx) {
  return ctx.ability.can("create", subject("Rfq", { org_id: ctx.actor.orgId }));
}

export async function getSourcingQueue(ctx: Ctx) {
  const { db, actor } = ctx;
  if (!canSource(ctx)) throw forbidden("The sourcing queue is the buyers'.");
  const lines = await db
    .selectFrom("requisition_lines as l")
    .innerJoin("requisitions as r", "r.id", "l.requisition_id")
    .leftJoin("users", "users.id", "r.requested_by")
    .where("r.org_id", "=", actor.orgId)
    .where("l.status", "=", "sourcing")
    .where("l.rfq_id", "is", null)
    .select([
      "l.id",
      "l.item_name as itemName",
      "l.category",
      "l.quantity",
      "l.unit",
      "l.unit_price as estimate",
      "l.currency",
      sql<string>`l.wanted_by::text`.as("wantedBy"),
      "l.delivery_address as deliveryAddress",
      "r.id as requisitionId",
      "r.number as requisitionNumber",
      "users.name as requesterName",
    ])
    .orderBy("l.wanted_by")
    .orderBy("r.number")
    .orderBy("l.position")
    .limit(500)
    .execute();
  return { lines };
}

/**
 * A draft RFQ with the chosen lines, in the order they were wanted: the
 * earliest wanted-by date and the first line's site become the RFQ's, the
 * requesters' estimates its target prices. Lines another buyer took
 * meanwhile are refused by name, and nothing is written.
 */
export async function rfqFromQueue(ctx: Ctx, { lineIds }: { lineIds: string[] }): Promise<{ rfqId: string }> {
  const { actor, now } = ctx;
  if (!canSource(ctx)) throw forbidden("The sourcing queue is the buyers'.");
  return inTransaction(ctx, async (trx) => {
    const lines = await trx
      .selectFrom("requisition_lines as l")
      .innerJoin("requisitions as r", "r.id", "l.requisition_id")
      .where("r.org_id", "=", actor.orgId)
      .where("l.id", "in", lineIds)
      .select([
        "l.id",
        "l.item_name",
        "l.specification",
        "l.category",
        "l.quantity",
        "l.unit",
        "l.unit_price",
        "l.currency",
        sql<string>`l.wanted_by::text`.as("wanted_by"),
        "l.delivery_address",
        "l.status",
        "l.rfq_id",
        "r.number",
      ])
      .orderBy("l.wanted_by")
      .orderBy("r.number")
      .orderBy("l.position")
      .forUpdate()
      .execute();
    if (lines.length !== lineIds.length)
      throw new FormError({ lineIds: msg("Some of these lines are not in your queue; reload the page.") });
    const taken = lines.filter((l) => l.status !== "sourcing" || l.rfq_id !== null);
    if (taken.length > 0)
      throw new FormError({
        lineIds: msgWith("Already taken by an RFQ: {{lines}}. Reload the page.", {
          lines: taken.map((l) => `${l.item_name} (${l.number})`).join(", "),
        }),
      });
    const org = await trx
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select("base_currency")
      .executeTakeFirstOrThrow();
    const numbers = [...new Set(lines.map((l) => l.number))];
    const rfq = await trx
      .insertInto("rfqs")
      .values({
        org_id: actor.orgId,
        reference: `RFQ-${now.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`,
        title: lines.length === 1 ? lines[0].item_name : `${lines[0].item_name} and ${lines.length - 1} more`,
        description: `For requisitions ${numbers.join(", ")}.`,
        currency: lines[0].currency ?? org.base_currency,
        // A draft's deadline is set before publishing; a week ahead is the form's usual start.
        deadline: new Date(now.getTime() + 7 * 86_400_000),
        deadline_time_zone: "UTC",
        delivery_address: lines[0].delivery_address,
        category: lines[0].category || null,
        wanted_by: lines[0].wanted_by,
        created_by: actor.userId,
        workflow_version: rfqWorkflow.version,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [index, line] of lines.entries()) {
      const rfqLine = await trx
        .insertInto("rfq_lines")
        .values({
          rfq_id: rfq.id,
          org_id: actor.orgId,
          position: index + 1,
          item_name: line.item_name,
          specification: line.specification,
          quantity: line.quantity,
          unit: line.unit,
          target_price: line.unit_price,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("requisition_lines")
        .set({ rfq_id: rfq.id, rfq_line_id: rfqLine.id })
        .where("id", "=", line.id)
        .execute();
    }
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfq.id,
      event: "CREATE",
      toState: "draft",
      data: { from: "sourcing queue", requisitions: numbers, lines: lines.length },
    });
    return { rfqId: rfq.id };
  });
}
