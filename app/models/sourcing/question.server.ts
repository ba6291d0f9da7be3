/**
 * Questions and answers on an RFQ. A supplier asks; the buyer answers; the
 * answer is published to every invited supplier at once, without saying who
 * asked, so a question never reveals another bidder.
 */
import { msg, msgWith } from "../../i18n/config";
import { rfqAnswerPublishedMail } from "../../../emails/templates/rfq-answer-published";
import { rfqQuestionAskedMail } from "../../../emails/templates/rfq-question-asked";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { notFound } from "../../utils/http.server";

import { linkTo, notify } from "../shared/notify.server";
import { loadRfqFor } from "./rfq.server";
import { inTransaction, type Ctx } from "../shared/context.server";

export async function askQuestion(ctx: Ctx, { rfqId, question }: { rfqId: string; question: string }) {
  const { actor, now: at } = ctx;
  const rfq = await loadRfqFor(ctx, rfqId, "ask");
  if (rfq.status !== "open" || new Date(rfq.deadline).getTime() <= at.getTime()) {
    throw new FormError({ question: msg("Questions can be asked only while the RFQ is open, before its deadline.") });
  }
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto("rfq_questions")
      .values({ rfq_id: rfqId, supplier_org_id: actor.orgId, asked_by: actor.userId, question, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfqId,
      event: "QUESTION_ASKED",
      data: { questionId: row.id },
    });
    const path = `/rfqs/${rfqId}/questions`;
    await notify(trx, {
      kind: "question_asked",
      audience: { orgId: rfq.org_id, roles: ["buyer"] },
      path,
      text: msgWith("A supplier asked a question about {{reference}} “{{title}}”.", {
        reference: rfq.reference,
        title: rfq.title,
      }),
      mail: (r, reader) =>
        rfqQuestionAskedMail(
          {
            recipientName: r.name,
            title: rfq.title,
            reference: rfq.reference,
            question,
            url: linkTo(path),
          },
          reader,
        ),
      at,
    });
    return row.id;
  });
}

/** Publishes the buyer's answer and mails it to every invited supplier. */
export async function answerQuestion(
  ctx: Ctx,
  { rfqId, questionId, answer }: { rfqId: string; questionId: string; answer: string },
) {
  const { actor, now: at } = ctx;
  const rfq = await loadRfqFor(ctx, rfqId, "answer");
  return inTransaction(ctx, async (trx) => {
    const question = await trx
      .selectFrom("rfq_questions")
      .where("id", "=", questionId)
      .where("rfq_id", "=", rfqId)
      .select(["id", "question", "answer"])
      .forUpdate()
      .executeTakeFirst();
    if (!question) throw notFound("No such question.");
    if (question.answer !== null) throw new FormError({ answer: msg("This question has already been answered.") });
    await trx
      .updateTable("rfq_questions")
      .set({ answer, answered_by: actor.userId, answered_at: at })
      .where("id", "=", questionId)
      .execute();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfqId,
      event: "ANSWER_PUBLISHED",
      data: { questionId },
    });
    const buyer = await trx
      .selectFrom("organisations")
      .where("id", "=", rfq.org_id)
      .select("name")
      .executeTakeFirstOrThrow();
    const invited = await trx
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "is not", null)
      .select("supplier_org_id")
      .execute();
    const path = `/rfqs/${rfqId}/questions`;
    await notify(trx, {
      kind: "question_answered",
      // Each supplier organisation is its own audience: its people are told, and nothing of the others.
      audience: invited.map(({ supplier_org_id }) => ({
        orgId: supplier_org_id as string,
        roles: ["supplier"] as const,
      })),
      path,
      text: msgWith("{{buyer}} answered a question about {{reference}} “{{title}}”.", {
        buyer: buyer.name,
        reference: rfq.reference,
        title: rfq.title,
      }),
      mail: (r, reader) =>
        rfqAnswerPublishedMail(
          {
            recipientName: r.name,
            buyerName: buyer.name,
            title: rfq.title,
            reference: rfq.reference,
            question: question.question,
            answer,
            url: linkTo(path),
          },
          reader,
        ),
      at,
    });
  });
}

export interface QuestionView {
  id: string;
  question: string;
  /** When it was asked: for the buyer and the asking supplier; another bidder's timing is not a supplier's to read. */
  askedAt: Date | null;
  answer: string | null;
  answeredAt: Date | null;
  /** The asking supplier's name: for the buyer only. */
  askedBy: string | null;
  /** True when the reader's own organisation asked it (suppliers). */
  mine: boolean;
}

/**
 * The question log. The buyer sees every question and who asked; a supplier
 * sees every published answer (asker not named) and its own open questions.
 */
export async function listQuestions(ctx: Ctx, { rfqId }: { rfqId: string }) {
  const { db, actor, ability } = ctx;
  const rfq = await loadRfqFor(ctx, rfqId, "read");
  // Who asked is the buyer's to know; a supplier reads only published answers and its own questions.
  const supplier = !ability.can("readInternal", subject("Rfq", rfq));
  let query = db
    .selectFrom("rfq_questions")
    .innerJoin("organisations", "organisations.id", "rfq_questions.supplier_org_id")
    .where("rfq_questions.rfq_id", "=", rfqId)
    .select([
      "rfq_questions.id",
      "rfq_questions.question",
      "rfq_questions.created_at",
      "rfq_questions.answer",
      "rfq_questions.answered_at",
      "rfq_questions.supplier_org_id",
      "organisations.name as supplierName",
    ])
    .orderBy("rfq_questions.created_at")
    .orderBy("rfq_questions.id");
  if (supplier) {
    query = query.where((eb) =>
      eb.or([eb("rfq_questions.answer", "is not", null), eb("rfq_questions.supplier_org_id", "=", actor.orgId)]),
    );
  }
  const rows = await query.execute();
  const questions: QuestionView[] = rows.map((r) => ({
    id: r.id,
    question: r.question,
    askedAt: !supplier || r.supplier_org_id === actor.orgId ? r.created_at : null,
    answer: r.answer,
    answeredAt: r.answered_at,
    askedBy: supplier ? null : r.supplierName,
    mine: supplier && r.supplier_org_id === actor.orgId,
  }));
  return {
    rfq,
    questions,
    canAsk: supplier && rfq.status === "open",
    canAnswer: ability.can("answer", subject("Rfq", { ...rfq, invited_supplier_org_ids: [] as string[] })),
  };
}
