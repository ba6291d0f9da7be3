/**
 * Awarding a closed RFQ, whole to one supplier or line by line to several:
 * the RFQ and every quote move through their machines, one draft PO per
 * awarded supplier is made from the quote revision that was compared, and
 * every bidder hears its own result, all in one transaction. The RFQ row is
 * locked first, so a second award, also a simultaneous one, waits and then
 * finds the RFQ changed.
 *
 * Whether the choice needs a justification is decided here, from the
 * comparison the page shows (comparison.server.ts), never from the form.
 */
import { msg, msgWith } from "../../i18n/config";
import type { Rfq } from "../../../db/schema";
import { quoteResultMail, type QuoteOutcome } from "../../../emails/templates/quote-result";
import { linkTo, notify } from "../shared/notify.server";

/** The one line a bidder reads in the app: its own result, nothing of the others. */
/** What a supplier is told of the award, one catalogue sentence per outcome. */
const OUTCOME_TEXT: Record<
  QuoteOutcome,
  (values: { buyer: string; reference: string; title: string; count: number }) => string
> = {
  awarded: (values) => msgWith("{{buyer}} decided {{reference}} “{{title}}”: your quote is awarded.", values),
  partially_awarded: (values) =>
    msgWith("{{buyer}} decided {{reference}} “{{title}}”: your quote is awarded for {{count}} lines.", values),
  not_awarded: (values) => msgWith("{{buyer}} decided {{reference}} “{{title}}”: your quote is not awarded.", values),
};
import { RecordNotFoundError, StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import type { QuoteEvent } from "../../../workflows/quote.machine";
import { rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "../../../workflows/rfq.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { step } from "../../../workflows/workflow";
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { assertQualified } from "../shared/supplier-standing.server";
import type { FieldErrors } from "../../utils/form";

import {
  cheapestPerLine,
  isCheapestChoice,
  JUSTIFICATION_REQUIRED,
  type AwardAs,
  type AwardChoice,
} from "./award.schema";
import { draftAgreementFromAward, type AwardedAgreement } from "../agreements/agreement-draft.server";
import { summariseComparison } from "./award-facts.server";
import { getComparison } from "./comparison.server";
import { type Comparison } from "./comparison";
import { draftPoFromAward, type AwardedPo } from "../ordering/draft.server";
import { fulfilFromAward } from "../requisitions/requisition-fulfilment.server";
import { transitionQuote } from "./quote.server";
import { countAward } from "./performance-events.server";
import { loadRfqFor, rfqContext } from "./rfq.server";
import { inTransaction, type Ctx } from "../shared/context.server";

export interface AwardInput {
  rfqId: string;
  /** The RFQ version the buyer saw. */
  version: number;
  choice: AwardChoice;
  justification?: string;
  /** What each awarded supplier gets: a draft PO (the default), or a draft agreement to call off from. */
  as?: AwardAs;
}

export interface AwardResult {
  purchaseOrders: AwardedPo[];
  agreements: AwardedAgreement[];
  justificationRequired: boolean;
}

export async function award(ctx: Ctx, input: AwardInput): Promise<AwardResult> {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, input.rfqId, "award");
  return inTransaction(ctx, async (trx, tx) => {
    const locked = await trx
      .selectFrom("rfqs")
      .selectAll()
      .where("id", "=", input.rfqId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw new RecordNotFoundError("RFQ");
    if (locked.version !== input.version) throw new StaleVersionError("RFQ");
    // Ask the machine before reading the form, so an award that cannot happen says why.
    const event: RfqEvent = { type: "AWARD", at: at.toISOString() };
    const allowed = step(rfqWorkflow, locked.status, await rfqContext(trx, locked), event);
    if (!allowed.ok) throw new TransitionRefusedError(allowed.message);

    const comparison = await getComparison(tx, { rfqId: input.rfqId });
    const { allocation, defaulted } = allocate(comparison, input.choice);
    // Only a supplier the organisation approved is awarded; a suspension or block since it quoted says why.
    for (const supplierOrgId of new Set(allocation.values())) {
      const name = comparison.suppliers.find((s) => s.supplierOrgId === supplierOrgId)?.supplierName;
      await assertQualified(trx, { buyerOrgId: locked.org_id, supplierOrgId, field: "award", name });
    }
    const justification = (input.justification ?? "").trim();
    // Judged on the complete choice: the lines the buyer chose and those that went to their cheapest by default.
    const complete: AwardChoice =
      input.choice.mode === "whole"
        ? input.choice
        : { mode: "lines", lines: [...allocation].map(([rfqLineId, supplierOrgId]) => ({ rfqLineId, supplierOrgId })) };
    const justificationRequired = !isCheapestChoice(comparison, complete);
    if (justificationRequired && justification === "") throw new FormError({ justification: JUSTIFICATION_REQUIRED });

    await runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
      workflow: rfqWorkflow,
      table: "rfqs",
      id: input.rfqId,
      expectedVersion: input.version,
      event,
      actor,
      context: (row) => rfqContext(trx, row),
      changes: () => ({ awarded_at: at, award_justification: justification || null }),
      auditData: {
        mode: input.choice.mode,
        ...(input.choice.mode === "whole" ? { supplierOrgId: input.choice.supplierOrgId } : {}),
        lines: Object.fromEntries(allocation),
        ...(input.choice.mode === "lines" ? { defaultedToCheapest: defaulted } : {}),
        justificationRequired,
        justification: justification || null,
        as: input.as ?? "po",
      },
    });

    // What finance reads beside each PO, kept as compared now rather than worked out again per view.
    await trx
      .insertInto("rfq_award_summaries")
      .values({ rfq_id: locked.id, org_id: locked.org_id, summary: JSON.stringify(summariseComparison(comparison)) })
      .execute();

    const awardedLines = (supplierOrgId: string) =>
      comparison.lines.filter((l) => allocation.get(l.id) === supplierOrgId);
    const outcomes = new Map<string, QuoteOutcome>();
    for (const s of comparison.suppliers) {
      const quotedLines = s.pricedLines;
      const count = awardedLines(s.supplierOrgId).length;
      const type: QuoteEvent["type"] = count === 0 ? "NOT_AWARD" : count === quotedLines ? "AWARD" : "AWARD_PARTIALLY";
      // Each quote is decided as part of the RFQ's own closed -> awarded step; its machine checks the count.
      const decided = await transitionQuote(
        trx,
        actor,
        s.quoteId,
        { type, quotedLines, awardedLines: count },
        {},
        { rfqStatus: "closed" },
      );
      outcomes.set(s.supplierOrgId, decided.to as QuoteOutcome);
    }

    await countAward(trx, { buyerOrgId: locked.org_id, comparison, allocation, at });

    const purchaseOrders: AwardedPo[] = [];
    const agreements: AwardedAgreement[] = [];
    for (const s of comparison.suppliers) {
      const lineIds = awardedLines(s.supplierOrgId).map((l) => l.id);
      if (lineIds.length === 0) continue;
      const from = { quoteId: s.quoteId, revision: s.revision, lineIds };
      if (input.as === "agreement") agreements.push(await draftAgreementFromAward(tx, { rfq: locked, from }));
      else purchaseOrders.push(await draftPoFromAward(tx, { rfq: locked, from }));
    }
    // Lines the RFQ took from the sourcing queue are now on order: their requisitions move on.
    await fulfilFromAward(trx, { poIds: purchaseOrders.map((p) => p.id), at });

    // Each bidder learns its own result, never a competitor's name, price or how many there were.
    const buyer = await trx
      .selectFrom("organisations")
      .where("id", "=", locked.org_id)
      .select("name")
      .executeTakeFirstOrThrow();
    for (const s of comparison.suppliers) {
      const lines = awardedLines(s.supplierOrgId).map((l) => ({
        position: l.position,
        item: l.item_name,
        quantity: l.quantity,
        unit: l.unit,
      }));
      const outcome = outcomes.get(s.supplierOrgId) ?? "not_awarded";
      const path = `/rfqs/${locked.id}`;
      await notify(trx, {
        kind: "quote_result",
        audience: { orgId: s.supplierOrgId, roles: ["supplier"] },
        path,
        text: OUTCOME_TEXT[outcome]({
          buyer: buyer.name,
          reference: locked.reference,
          title: locked.title,
          count: lines.length,
        }),
        mail: (recipient, reader) =>
          quoteResultMail(
            {
              recipientName: recipient.name,
              buyerName: buyer.name,
              title: locked.title,
              reference: locked.reference,
              outcome,
              awardedLines: lines,
              url: linkTo(path),
            },
            reader,
          ),
        at,
      });
    }
    return { purchaseOrders, agreements, justificationRequired };
  });
}

/**
 * Which supplier each line goes to. Refuses, next to the field concerned, a
 * supplier without a quote, a whole award to one that did not price every
 * line, a line given to a supplier that did not bid on it, and a line the
 * RFQ does not have. A split gives every quoted line it leaves out to that
 * line's cheapest converted price, the choice the form pre-sets: the page
 * shows one page of lines at a time. `defaulted` counts those lines.
 */
function allocate(c: Comparison, choice: AwardChoice): { allocation: Map<string, string>; defaulted: number } {
  const bidders = new Map(c.suppliers.map((s) => [s.supplierOrgId, s]));
  const allocation = new Map<string, string>();
  if (choice.mode === "whole") {
    const s = bidders.get(choice.supplierOrgId);
    if (!s) throw new FormError({ award: msg("That supplier has no quote on this RFQ to award.") });
    const missing = c.lines.filter((l) => !s.cells[l.id]);
    if (missing.length > 0) {
      throw new FormError({
        award: msgWith("{{supplier}} did not quote line {{lines}}; award line by line instead.", {
          supplier: s.supplierName,
          lines: missing.map((l) => l.position).join(", "),
        }),
      });
    }
    for (const l of c.lines) allocation.set(l.id, s.supplierOrgId);
    return { allocation, defaulted: 0 };
  }

  const errors: FieldErrors = {};
  const lines = new Map(c.lines.map((l) => [l.id, l]));
  choice.lines.forEach(({ rfqLineId, supplierOrgId }, index) => {
    const line = lines.get(rfqLineId);
    if (!line || allocation.has(rfqLineId)) {
      errors.form ??= msg("The lines of the form do not match this RFQ; reload the page and choose again.");
      return;
    }
    const s = bidders.get(supplierOrgId);
    if (!s?.cells[rfqLineId]) {
      errors[`lines.${index}.supplierOrgId`] = s
        ? msgWith("{{supplier}} did not quote line {{line}}; choose a supplier that did.", {
            supplier: s.supplierName,
            line: line.position,
          })
        : msg("Choose a supplier that quoted this line.");
      return;
    }
    allocation.set(rfqLineId, supplierOrgId);
  });
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  const posted = new Set(choice.lines.map((l) => l.rfqLineId));
  const cheapest = cheapestPerLine({ lines: c.lines.filter((l) => !posted.has(l.id)), suppliers: c.suppliers });
  let defaulted = 0;
  for (const [rfqLineId, supplierOrgId] of Object.entries(cheapest)) {
    // null: nobody quoted the line, so it stays unawarded.
    if (supplierOrgId === null) continue;
    allocation.set(rfqLineId, supplierOrgId);
    defaulted += 1;
  }
  if (allocation.size === 0) throw new FormError({ form: msg("No line has a quote to award.") });
  // In the RFQ's line order, as the audit event and the POs list them.
  const ordered = new Map<string, string>();
  for (const l of c.lines) {
    const supplierOrgId = allocation.get(l.id);
    if (supplierOrgId) ordered.set(l.id, supplierOrgId);
  }
  return { allocation: ordered, defaulted };
}

/**
 * For the RFQ page: the award's justification and the POs it made. Only the
 * buying organisation's people see it; a supplier gets null.
 */
export async function getAwardSummary(ctx: Ctx, { rfq }: { rfq: Pick<Rfq, "id" | "org_id" | "award_justification"> }) {
  const { db, actor, ability } = ctx;
  if (!ability.can("readInternal", subject("Rfq", rfq))) return null;
  const purchaseOrders = await db
    .selectFrom("purchase_orders")
    .innerJoin("organisations", "organisations.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.rfq_id", "=", rfq.id)
    .where("purchase_orders.buyer_org_id", "=", actor.orgId)
    .where("purchase_orders.quote_revision_id", "is not", null)
    .select([
      "purchase_orders.id",
      "purchase_orders.number",
      "purchase_orders.status",
      "purchase_orders.currency",
      "purchase_orders.total",
      "organisations.name as supplierName",
    ])
    .orderBy("purchase_orders.number")
    .execute();
  return { justification: rfq.award_justification, purchaseOrders };
}
