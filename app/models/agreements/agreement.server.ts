/**
 * The core of an agreement: numbering, loading it for a person (404 for
 * whoever may not read it, 403 for an action they may not take), the facts
 * its machine reads, and the one way it changes state. Every use case in
 * this folder builds on these.
 */
import type { Db, Trx } from "../../../db/client.server";
import type { Agreement } from "../../../db/schema";
import {
  agreementWorkflow,
  type AgreementContext,
  type AgreementEvent,
  type AgreementStatus,
} from "../../../workflows/agreement.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { subject, type Action, type Actor } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { notFound } from "../../utils/http.server";
import type { Ctx } from "../shared/context.server";

import type { AgreementFormInput } from "./agreement.schema";

/**
 * The next number of the organisation's year: AGR-2026-000123. The counter
 * row is upserted, so concurrent creations queue on its row lock and a
 * number is never handed out twice (a rolled-back one is simply skipped).
 */
export async function nextAgreementNumber(trx: Trx, orgId: string, year: number): Promise<string> {
  const row = await trx
    .insertInto("agreement_number_sequences")
    .values({ org_id: orgId, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "year"])
        .doUpdateSet((eb) => ({ last_value: eb("agreement_number_sequences.last_value", "+", 1) })),
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return `AGR-${year}-${String(row.last_value).padStart(6, "0")}`;
}

export async function agreementContext(
  db: Pick<Ctx, "db">["db"],
  agreement: Pick<Agreement, "id" | "valid_from" | "valid_to">,
): Promise<AgreementContext> {
  const items = await db
    .selectFrom("agreement_items")
    .where("agreement_id", "=", agreement.id)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return { itemCount: Number(items.n), validFrom: agreement.valid_from, validTo: agreement.valid_to };
}

export function transitionAgreement(
  trx: Trx,
  actor: Pick<Actor, "userId" | "orgId"> | { userId: null; orgId: string | null },
  id: string,
  event: AgreementEvent,
  options: {
    expectedVersion?: number;
    changes?: Record<string, unknown>;
    auditData?: Record<string, unknown>;
  } = {},
) {
  return runTransition<AgreementStatus, AgreementContext, AgreementEvent, Agreement>(trx, {
    workflow: agreementWorkflow,
    table: "agreements",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => agreementContext(trx, row),
    changes: () => options.changes ?? {},
    auditData: options.auditData,
  });
}

export function tagAgreement(agreement: Agreement) {
  return subject("Agreement", agreement);
}

/** The agreement as stored, or 404 for anyone who may not read it and 403 for an action they may not take. */
export async function loadAgreementFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action: Extract<Action, "read" | "update" | "issue" | "acknowledge" | "decline" | "cancel" | "close" | "callOff">,
): Promise<Agreement> {
  const agreement = await ctx.db.selectFrom("agreements").selectAll().where("id", "=", id).executeTakeFirst();
  if (!agreement) throw notFound("No such agreement.");
  authorize(ctx.ability, action, tagAgreement(agreement), "agreement");
  return agreement;
}

/** An agreement's items in order and their price breaks, lowest quantity first: what its page and its edit form show. */
export function itemsAndBreaksOf(db: Db | Trx, agreementId: string) {
  return Promise.all([
    db.selectFrom("agreement_items").where("agreement_id", "=", agreementId).selectAll().orderBy("position").execute(),
    db
      .selectFrom("agreement_price_breaks")
      .innerJoin("agreement_items", "agreement_items.id", "agreement_price_breaks.item_id")
      .where("agreement_items.agreement_id", "=", agreementId)
      .select([
        "agreement_price_breaks.item_id",
        "agreement_price_breaks.min_quantity",
        "agreement_price_breaks.unit_price",
      ])
      .orderBy("agreement_price_breaks.min_quantity")
      .execute(),
  ]);
}

/** The columns of an agreement's terms as its form gives them, alike when it is made and when its draft is edited. */
export function termsColumns(input: Omit<AgreementFormInput, "supplierOrgId" | "currency" | "items" | "key">) {
  return {
    title: input.title,
    valid_from: input.validFrom as string,
    valid_to: input.validTo as string,
    value_cap: input.valueCap ?? null,
    payment_terms: input.paymentTerms ?? null,
    incoterm: input.incoterm ?? null,
    lead_time_days: Number(input.leadTimeDays),
  };
}
