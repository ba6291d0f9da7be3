/**
 * The core of a requisition: loading it for a person (404 for whoever may
 * not read it, 403 for an action they may not take), the facts its machine
 * reads, the one way it changes state, moving it on as its lines go, and
 * telling its requester. Every use case in this folder builds on these.
 */
import type { Trx } from "../../../db/client.server";
import type { Requisition } from "../../../db/schema";
import { sentenceMail } from "../../../emails/templates/layout";
import { msg } from "../../i18n/config";
import {
  requisitionWorkflow,
  statusFromLines,
  type LineTally,
  type RequisitionApprovals,
  type RequisitionContext,
  type RequisitionEvent,
  type RequisitionStatus,
} from "../../../workflows/requisition.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { subject, type Action } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { DEFAULT_LOCALE, translated } from "../../i18n/config";
import { translatorFor } from "../../i18n/translator";
import { notFound } from "../../utils/http.server";
import type { Ctx } from "../shared/context.server";
import type { NotificationKind } from "../shared/notification-kinds";
import { linkTo, notify } from "../shared/notify.server";

/**
 * Who acts when nobody does: the rule that approved a requisition at once,
 * the run that turned approved lines into POs. The audit row has no person
 * (`actor_id` null) and says which automatic actor it was in its data.
 */
export type SystemActor = { userId: null; orgId: string };
export const AUTOMATIC = {
  rule: "requisition approval rule",
  ordering: "requisition ordering from agreements",
} as const;

export async function requisitionContext(
  trx: Pick<Ctx, "db">["db"],
  requisition: Requisition,
): Promise<RequisitionContext> {
  const [lines, approvals] = await Promise.all([
    trx
      .selectFrom("requisition_lines")
      .where("requisition_id", "=", requisition.id)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("requisition_approvals")
      .where("requisition_id", "=", requisition.id)
      .where("decision", "=", "approved")
      .select("approver_id")
      .orderBy("created_at")
      .execute(),
  ]);
  return {
    requestedBy: requisition.requested_by,
    requiredApprovals: Math.min(2, Math.max(0, requisition.required_approvals)) as RequisitionApprovals,
    approvals: approvals.map((a) => a.approver_id),
    lineCount: Number(lines.n),
  };
}

export function transitionRequisition(
  trx: Trx,
  actor: { userId: string | null; orgId: string },
  id: string,
  event: RequisitionEvent,
  options: {
    expectedVersion?: number;
    changes?: (result: { from: RequisitionStatus; to: RequisitionStatus }) => Record<string, unknown>;
    auditData?: Record<string, unknown>;
  } = {},
) {
  return runTransition<RequisitionStatus, RequisitionContext, RequisitionEvent, Requisition>(trx, {
    workflow: requisitionWorkflow,
    table: "requisitions",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => requisitionContext(trx, row),
    changes: (result) => options.changes?.(result) ?? {},
    auditData: options.auditData,
  });
}

export function tagRequisition(requisition: Requisition) {
  return subject("Requisition", requisition);
}

/** The requisition as stored, or 404 for anyone who may not read it and 403 for an action they may not take. */
export async function loadRequisitionFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action: Extract<Action, "read" | "approve" | "reject" | "cancel">,
): Promise<Requisition> {
  const row = await ctx.db.selectFrom("requisitions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("No such requisition.");
  authorize(ctx.ability, action, tagRequisition(row), "requisition");
  return row;
}

/** Where the requisition's lines stand, cancelled ones left out. */
export async function tallyLines(trx: Trx, requisitionId: string): Promise<LineTally> {
  const rows = await trx
    .selectFrom("requisition_lines")
    .where("requisition_id", "=", requisitionId)
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("status")
    .execute();
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { open: count("open"), sourcing: count("sourcing"), ordered: count("ordered"), closed: count("closed") };
}

/**
 * Moves an approved requisition to where its lines now put it (sourcing,
 * ordered, closed), through the machine; nothing when it is there already
 * or not approved yet.
 */
export async function progressRequisition(
  trx: Trx,
  actor: { userId: string | null; orgId: string },
  requisitionId: string,
  at: Date,
  auditData: Record<string, unknown> = {},
): Promise<RequisitionStatus | null> {
  const row = await trx
    .selectFrom("requisitions")
    .where("id", "=", requisitionId)
    .select(["status"])
    .executeTakeFirstOrThrow();
  if (!["approved", "sourcing", "ordered"].includes(row.status)) return null;
  const lines = await tallyLines(trx, requisitionId);
  const target = statusFromLines(lines);
  if (target === null || target === row.status) return null;
  const result = await transitionRequisition(
    trx,
    actor,
    requisitionId,
    { type: "PROGRESS", at: at.toISOString(), lines },
    { changes: ({ to }) => (to === "closed" ? { closed_at: at } : {}), auditData },
  );
  return result.to;
}

/**
 * Tells the requester (nobody, for a reorder rule's requisition), in the app and by mail. The subject and text are
 * catalogue messages (`msgWith`): the notification and the mail say the same sentence, each in its reader's words.
 */
export async function tellRequester(
  trx: Trx,
  requisition: Pick<Requisition, "id" | "org_id" | "number" | "requested_by">,
  /** `subject` and `text` are catalogue messages (msg, msgWith), said in each reader's words. */
  event: { kind: NotificationKind; subject: string; text: string; at: Date; actorId?: string | null },
) {
  if (!requisition.requested_by) return;
  const path = `/requisitions/${requisition.id}`;
  await notify(trx, {
    kind: event.kind,
    audience: { orgId: requisition.org_id, userIds: [requisition.requested_by] },
    actorId: event.actorId ?? null,
    path,
    // The in-app notice is kept in English like the others; the mail speaks its reader's words.
    text: translated(translatorFor(DEFAULT_LOCALE), event.text),
    mail: (person, reader) =>
      sentenceMail(
        { recipientName: person.name, subject: event.subject, text: event.text, url: linkTo(path) },
        msg("Open the requisition"),
        reader,
      ),
    at: event.at,
  });
}
