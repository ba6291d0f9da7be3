/**
 * The buying organisation's judgement of a supplier, through its machine
 * (`workflows/supplier-qualification.machine.ts`): a buyer or admin approves,
 * suspends (with a reason), lifts a suspension and blocks (with a reason);
 * only an admin lifts a block. Each move is audited by the transition
 * runner under the buying organisation; the supplier is told of a
 * suspension or a block and of being approved, never of anything about
 * another supplier. Why: docs/decisions/027-supplier-qualification.md.
 */
import { supplierQualificationMail } from "../../../emails/templates/supplier-qualification";
import { runTransition } from "../../../workflows/run-transition.server";
import {
  supplierQualificationWorkflow,
  type SupplierQualificationEvent,
} from "../../../workflows/supplier-qualification.machine";
import { inTransaction, type Ctx } from "../shared/context.server";
import { msg, msgWith } from "../../i18n/config";
import { linkTo, notify } from "../shared/notify.server";
import { documentStatus } from "./supplier-documents.server";
import type { QualifyInput } from "./supplier-documents.schema";
import { loadSupplierFor } from "./supplier-list.server";

const TOLD: Partial<Record<SupplierQualificationEvent["type"], (buyer: string, reason: string) => string>> = {
  APPROVE: (buyer) => msgWith("{{buyer}} approved your organisation as a supplier.", { buyer }),
  LIFT: (buyer) => msgWith("{{buyer}} lifted your suspension: you may be invited and ordered from again.", { buyer }),
  SUSPEND: (buyer, reason) =>
    msgWith("{{buyer}} suspended your organisation as a supplier: {{reason}}", { buyer, reason }),
  BLOCK: (buyer, reason) => msgWith("{{buyer}} blocked your organisation as a supplier: {{reason}}", { buyer, reason }),
};

export async function qualifySupplier(ctx: Ctx, input: { supplierOrgId: string } & QualifyInput) {
  const { actor, now } = ctx;
  const rel = await loadSupplierFor(ctx, input.supplierOrgId, input.intent === "unblock" ? "unblock" : "qualify");
  const at = now.toISOString();
  const reason = "reason" in input ? input.reason.trim() : "";
  const event: SupplierQualificationEvent =
    input.intent === "suspend"
      ? { type: "SUSPEND", at, reason, automatic: false }
      : input.intent === "block"
        ? { type: "BLOCK", at, reason }
        : input.intent === "unblock"
          ? { type: "UNBLOCK", at, reason }
          : { type: input.intent === "approve" ? "APPROVE" : "LIFT", at };
  return inTransaction(ctx, async (trx) => {
    const result = await runTransition(trx, {
      workflow: supplierQualificationWorkflow,
      table: "supplier_relationships",
      id: rel.id,
      expectedVersion: input.version,
      event,
      actor,
      columns: { status: "qualification_status", workflowVersion: "qualification_workflow_version" },
      context: async () => ({
        suspendedAutomatically: rel.suspended_automatically,
        documentsInOrder: (
          await documentStatus(trx, {
            buyerOrgId: rel.buyer_org_id,
            supplierOrgId: rel.supplier_org_id,
            categories: rel.categories,
            now,
          })
        ).inOrder,
      }),
      changes: ({ to }) => ({
        // The reason of a suspension or block stays with it; approval clears it, unblocking keeps why for the record.
        qualification_reason: to === "suspended" || to === "blocked" ? reason : null,
        qualification_changed_at: now,
        suspended_automatically: false,
      }),
      auditData: { supplierOrgId: rel.supplier_org_id },
    });
    const told = TOLD[event.type];
    if (told && rel.status === "active") {
      const buyer = await trx
        .selectFrom("organisations")
        .where("id", "=", actor.orgId)
        .select("name")
        .executeTakeFirstOrThrow();
      const text = told(buyer.name, reason);
      await notify(trx, {
        kind: "supplier_qualification",
        audience: { orgId: rel.supplier_org_id, roles: ["supplier"] },
        path: "/relationships",
        text,
        mail: (person, reader) =>
          supplierQualificationMail(
            {
              recipientName: person.name,
              subject: text,
              paragraphs: [text],
              actionLabel: msg("Open your customers"),
              url: linkTo("/relationships"),
            },
            reader,
          ),
        at: now,
      });
    }
    return result;
  });
}
