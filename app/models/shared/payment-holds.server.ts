/**
 * Payments held after a supplier changes its bank details (the classic
 * invoice-fraud move): once a change is confirmed, every buying organisation
 * that works with the supplier gets an open acknowledgement, its finance
 * people are told (old and new values; the IBAN's middle masked in mail),
 * and no invoice of that supplier can be paid by that organisation until
 * one of its finance people acknowledges. Each buying organisation decides
 * for itself: one acknowledging releases nobody else.
 *
 * Here, in the bottom stage, because the supplier's company profile
 * (people) raises holds and the invoice's payment (fulfilment) obeys them.
 */
import { sql } from "kysely";

import type { Db, Trx } from "../../../db/client.server";
import { bankChangedForFinanceMail, type BankValues } from "../../../emails/templates/bank-details";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject } from "../../auth/ability";
import { msg, msgWith, shown } from "../../i18n/config";
import { authorize } from "../../auth/authorize.server";
import { FormError } from "../../utils/errors";
import { forbidden, notFound } from "../../utils/http.server";

import { formatIban, maskIban } from "./bank-account";
import { inTransaction, type Ctx } from "./context.server";
import { linkTo, notify } from "./notify.server";
import { QUEUE_ITEMS_SHOWN, totalOf, type WorkQueue } from "./work-queue";

/** Where finance reviews and acknowledges changed bank details. */
export const BANK_CHANGES_PATH = "/bank-changes";

export interface PaymentHold {
  holdId: string;
  supplierName: string;
  /** The day the change was confirmed, "YYYY-MM-DD". */
  changedOn: string;
}

const day = (at: Date) => new Date(at).toISOString().slice(0, 10);

/** The oldest change of the supplier's bank details this buying organisation has not acknowledged, or null. */
export async function paymentHoldFor(
  db: Db | Trx,
  { buyerOrgId, supplierOrgId }: { buyerOrgId: string; supplierOrgId: string },
): Promise<PaymentHold | null> {
  const row = await db
    .selectFrom("bank_change_acknowledgements as ack")
    .innerJoin("organisations", "organisations.id", "ack.supplier_org_id")
    .where("ack.buyer_org_id", "=", buyerOrgId)
    .where("ack.supplier_org_id", "=", supplierOrgId)
    .where("ack.acknowledged_at", "is", null)
    .select(["ack.id", "ack.created_at", "organisations.name"])
    .orderBy("ack.created_at")
    .executeTakeFirst();
  return row ? { holdId: row.id, supplierName: row.name, changedOn: day(row.created_at) } : null;
}

/** The sentence shown beside the payment button, and the machine's refusal. */
export function holdMessage(hold: PaymentHold): string {
  return `Payments held: ${hold.supplierName} changed its bank details on ${hold.changedOn}; acknowledge the change first.`;
}

/** How many changes wait for this buying organisation's acknowledgement (finance's work queue). */
export async function openHoldCount(db: Db, buyerOrgId: string): Promise<number> {
  const row = await db
    .selectFrom("bank_change_acknowledgements")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("acknowledged_at", "is", null)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * After a change is confirmed, in its transaction: an open acknowledgement
 * for every buying organisation with a relationship to the supplier (any
 * but a declined request), and its finance people told. Returns how many
 * organisations are now holding payments.
 */
export async function holdPaymentsAfterBankChange(
  trx: Trx,
  { changeId, actorId, at }: { changeId: string; actorId: string | null; at: Date },
): Promise<number> {
  const change = await trx
    .selectFrom("bank_detail_changes")
    .innerJoin("organisations", "organisations.id", "bank_detail_changes.supplier_org_id")
    .where("bank_detail_changes.id", "=", changeId)
    .select([
      "bank_detail_changes.supplier_org_id",
      "bank_detail_changes.account_holder",
      "bank_detail_changes.iban",
      "bank_detail_changes.bic",
      "bank_detail_changes.previous_account_holder",
      "bank_detail_changes.previous_iban",
      "bank_detail_changes.previous_bic",
      "organisations.name as supplierName",
    ])
    .executeTakeFirstOrThrow();
  const buyers = await trx
    .selectFrom("supplier_relationships")
    .where("supplier_org_id", "=", change.supplier_org_id)
    .where("status", "<>", "declined")
    .select("buyer_org_id")
    .distinct()
    .execute();
  const masked = (v: { holder: string | null; iban: string | null; bic: string | null }): BankValues | null =>
    v.iban ? { accountHolder: v.holder ?? "", iban: maskIban(v.iban), bic: v.bic ?? "" } : null;
  const previous = masked({
    holder: change.previous_account_holder,
    iban: change.previous_iban,
    bic: change.previous_bic,
  });
  const next = masked({ holder: change.account_holder, iban: change.iban, bic: change.bic }) as BankValues;
  for (const { buyer_org_id: buyerOrgId } of buyers) {
    const hold = await trx
      .insertInto("bank_change_acknowledgements")
      .values({
        change_id: changeId,
        buyer_org_id: buyerOrgId,
        supplier_org_id: change.supplier_org_id,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      orgId: buyerOrgId,
      actorId,
      entityType: "payment_hold",
      entityId: hold.id,
      event: "PAYMENTS_HELD",
      data: { supplierOrgId: change.supplier_org_id, changeId },
    });
    await notify(trx, {
      kind: "bank_details_changed",
      audience: { orgId: buyerOrgId, roles: ["finance"] },
      path: BANK_CHANGES_PATH,
      text: msgWith(
        "{{supplier}} changed its bank details: payments to it are held until you acknowledge the change.",
        { supplier: change.supplierName },
      ),
      mail: (person, reader) =>
        bankChangedForFinanceMail(
          {
            recipientName: person.name,
            supplierName: change.supplierName,
            previous,
            next,
            changedAt: at,
            url: linkTo(BANK_CHANGES_PATH),
          },
          reader,
        ),
      at,
    });
  }
  return buyers.length;
}

/** Finance's page: the changes to acknowledge (full values: finance checks them), then the last ones acknowledged. */
export async function listBankChanges(ctx: Ctx) {
  if (!ctx.ability.can("read", subject("PaymentHold", { buyer_org_id: ctx.actor.orgId }))) throw forbidden();
  const rows = await ctx.db
    .selectFrom("bank_change_acknowledgements as ack")
    .innerJoin("bank_detail_changes as change", "change.id", "ack.change_id")
    .innerJoin("organisations as supplier", "supplier.id", "ack.supplier_org_id")
    .leftJoin("users as acknowledger", "acknowledger.id", "ack.acknowledged_by")
    .where("ack.buyer_org_id", "=", ctx.actor.orgId)
    .select([
      "ack.id",
      "ack.created_at",
      "ack.acknowledged_at",
      "acknowledger.name as acknowledgedBy",
      "supplier.name as supplierName",
      "change.account_holder",
      "change.iban",
      "change.bic",
      "change.previous_account_holder",
      "change.previous_iban",
      "change.previous_bic",
    ])
    .orderBy("ack.created_at", "desc")
    .limit(100)
    .execute();
  const values = (holder: string | null, iban: string | null, bic: string | null) =>
    iban ? { accountHolder: holder ?? "", iban: formatIban(iban), bic: bic ?? "" } : null;
  const changes = rows.map((r) => ({
    id: r.id,
    supplierName: r.supplierName,
    changedOn: day(r.created_at),
    previous: values(r.previous_account_holder, r.previous_iban, r.previous_bic),
    next: values(r.account_holder, r.iban, r.bic) as { accountHolder: string; iban: string; bic: string },
    acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
    acknowledgedBy: r.acknowledgedBy,
  }));
  return {
    open: changes.filter((c) => c.acknowledgedAt === null),
    acknowledged: changes.filter((c) => c.acknowledgedAt !== null).slice(0, 20),
  };
}

/**
 * A finance person of this buying organisation has checked the change with
 * the supplier: payments to it are released for this organisation only.
 * Another organisation's hold is a 404; acknowledging twice says so.
 */
export async function acknowledgeBankChange(ctx: Ctx, { id }: { id: string }) {
  return inTransaction(ctx, async (trx) => {
    const hold = await trx
      .selectFrom("bank_change_acknowledgements")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!hold) throw notFound("No such bank change.");
    authorize(ctx.ability, "acknowledge", subject("PaymentHold", hold), "bank change");
    if (hold.acknowledged_at) throw new FormError({ form: msg("This change has already been acknowledged.") });
    await trx
      .updateTable("bank_change_acknowledgements")
      .set({ acknowledged_at: ctx.now, acknowledged_by: ctx.actor.userId })
      .where("id", "=", id)
      .execute();
    await appendAuditEvent(trx, {
      orgId: hold.buyer_org_id,
      actorId: ctx.actor.userId,
      entityType: "payment_hold",
      entityId: id,
      event: "BANK_CHANGE_ACKNOWLEDGED",
      data: { supplierOrgId: hold.supplier_org_id, changeId: hold.change_id },
    });
    return { id };
  });
}

/** Finance's work queue: the changed bank details this buying organisation has not acknowledged; null for others. */
export async function bankChangesQueue(ctx: Ctx): Promise<WorkQueue | null> {
  if (!ctx.ability.can("acknowledge", subject("PaymentHold", { buyer_org_id: ctx.actor.orgId }))) return null;
  const rows = await ctx.db
    .selectFrom("bank_change_acknowledgements as ack")
    .innerJoin("organisations as supplier", "supplier.id", "ack.supplier_org_id")
    .where("ack.buyer_org_id", "=", ctx.actor.orgId)
    .where("ack.acknowledged_at", "is", null)
    .select(["ack.id", "ack.created_at", "supplier.name", sql<string>`count(*) over ()`.as("total")])
    .orderBy("ack.created_at")
    .orderBy("ack.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "bank-changes",
    title: msg("Bank changes to acknowledge"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: BANK_CHANGES_PATH,
      label: r.name,
      detail: msgWith("changed {{at}} · payments held", { at: shown.instant(r.created_at) }),
    })),
    empty: msg("No supplier changed its bank details."),
    more: { href: BANK_CHANGES_PATH, label: msg("All bank changes") },
  };
}
