import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import type { SubmissionResult } from "@conform-to/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { TextareaField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { answerSchema, askSchema, questionActionSchema } from "~/models/sourcing/question.schema";
import { answerQuestion, askQuestion, listQuestions } from "~/models/sourcing/question.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { FormTokenField } from "~/components/form/form-token-field";
import { readForm, replyWithError } from "~/utils/submission.server";
import { requireId } from "~/utils/http.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Questions and answers");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { rfq, questions, canAsk, canAnswer } = await listQuestions(ctx, {
    rfqId: requireId(params.id, "No such RFQ."),
  });
  return {
    rfq: { id: rfq.id, title: rfq.title, reference: rfq.reference, status: rfq.status },
    questions,
    canAsk,
    canAnswer,
    formToken: issueFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such RFQ.");
  const parsed = await readForm(request, questionActionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  try {
    // A question sent twice (double click, resend) is asked once.
    if (input.intent === "ask")
      await once(ctx, { token: formTokenOf(parsed.submission), purpose: "question.ask" }, async (tx) => ({
        id: await askQuestion(tx, { rfqId: id, question: input.question }),
      }));
    // An answer sent twice is published (and mailed) once. Every answer form of the page carries the page's
    // one token, so the claim is per question: answering another question is a write of its own.
    else
      await once(
        ctx,
        { token: formTokenOf(parsed.submission), purpose: `question.answer.${input.questionId}` },
        async (tx) => {
          await answerQuestion(tx, { rfqId: id, questionId: input.questionId, answer: input.answer });
          return { questionId: input.questionId };
        },
      );
    return { ok: input.intent };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE: Record<string, string> = {
  ask: msg("Your question is sent to the buyer. The answer will be published to every invited supplier."),
  answer: msg("The answer is published to every invited supplier."),
};

export default function Questions() {
  const { t, format } = useI18n();
  const { rfq, questions, canAsk, canAnswer, formToken } = useLoaderData<typeof loader>();
  const result = useActionData<unknown>();
  const navigation = useNavigation();
  const reply = asReply(result);
  const done = typeof result === "object" && result !== null && "ok" in result ? String(result.ok) : null;
  const busy = navigation.state !== "idle";
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link>
      </p>
      <h1>{t("Questions and answers: {{title}}", { title: rfq.title })}</h1>
      {done ? (
        <p className="banner ok" role="status">
          {DONE[done] ? t(DONE[done]) : null}
        </p>
      ) : null}
      <p className="hint">
        {t("Answers are published to every invited supplier. Suppliers never see who asked a question.")}
      </p>
      {questions.length === 0 ? <p className="muted">{t("No questions yet.")}</p> : null}
      <ol className="stack" aria-label={t("Question log")}>
        {questions.map((q) => (
          <li key={q.id} className="card">
            <p>
              <strong>{t("Question")}</strong>
              {q.askedBy ? ` ${t("from {{name}}", { name: q.askedBy })}` : q.mine ? ` ${t("(yours)")}` : ""}
              {q.askedAt ? ` · ${format.instant(q.askedAt)}` : ""}
            </p>
            <p style={{ whiteSpace: "pre-line" }}>{q.question}</p>
            {q.answer ? (
              <>
                <p>
                  <strong>{t("Answer")}</strong> · {q.answeredAt ? format.instant(q.answeredAt) : ""}
                </p>
                <p style={{ whiteSpace: "pre-line" }}>{q.answer}</p>
              </>
            ) : canAnswer ? (
              <AnswerForm questionId={q.id} reply={reply} busy={busy} formToken={formToken} />
            ) : (
              <p className="muted">{t("Not answered yet.")}</p>
            )}
          </li>
        ))}
      </ol>
      {canAsk ? <AskForm reply={reply} busy={busy} formToken={formToken} /> : null}
    </>
  );
}

/** One answer form per open question: only the one the reply concerns shows it. */
function AnswerForm({
  questionId,
  reply,
  busy,
  formToken,
}: {
  questionId: string;
  reply?: SubmissionResult<string[]>;
  busy: boolean;
  formToken: string;
}) {
  const { t } = useI18n();
  const mine = reply?.initialValue?.intent === "answer" && reply.initialValue.questionId === questionId;
  const [form, fields] = useSchemaForm(answerSchema, {
    id: `answer-form-${questionId}`,
    lastResult: mine ? reply : null,
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="questionId" value={questionId} />
      <FormTokenField token={formToken} />
      <TextareaField field={fields.answer} id={`answer-${questionId}`} label={t("Answer")} rows={3} />
      <button type="submit" name="intent" value="answer" disabled={busy}>
        {t("Publish answer")}
      </button>
    </Form>
  );
}

function AskForm({ reply, busy, formToken }: { reply?: SubmissionResult<string[]>; busy: boolean; formToken: string }) {
  const { t } = useI18n();
  const mine = reply?.initialValue?.intent === "ask";
  const [form, fields] = useSchemaForm(askSchema, { id: "ask-form", lastResult: mine ? reply : null });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card stack">
      <FormTokenField token={formToken} />
      <ErrorSummary form={form} />
      <TextareaField field={fields.question} id="question" label={t("Your question")} rows={3} />
      <button type="submit" name="intent" value="ask" disabled={busy}>
        {t("Ask question")}
      </button>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
