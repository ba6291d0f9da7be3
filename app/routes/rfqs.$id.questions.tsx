import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { questionActionSchema } from "~/models/sourcing/question.schema";
import { answerQuestion, askQuestion, listQuestions } from "~/models/sourcing/question.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { formDataToObject, parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Questions and answers · Quotient" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { rfq, questions, canAsk, canAnswer } = await listQuestions(ctx, { rfqId: requireId(params.id, "RFQ") });
  return {
    rfq: { id: rfq.id, title: rfq.title, reference: rfq.reference, status: rfq.status },
    questions,
    canAsk,
    canAnswer,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "RFQ");
  const formData = await request.formData();
  const parsed = parseForm(questionActionSchema, formData);
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  const input = parsed.data;
  try {
    if (input.intent === "ask") await askQuestion(ctx, { rfqId: id, question: input.question });
    else await answerQuestion(ctx, { rfqId: id, questionId: input.questionId, answer: input.answer });
    return { ok: input.intent };
  } catch (error) {
    return actionErrorResponse(error, formDataToObject(formData));
  }
}

const DONE: Record<string, string> = {
  ask: "Your question is sent to the buyer. The answer will be published to every invited supplier.",
  answer: "The answer is published to every invited supplier.",
};

export default function Questions() {
  const { rfq, questions, canAsk, canAnswer } = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: string }>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : {};
  const typed: Record<string, unknown> = (result && "errors" in result ? result.values : undefined) ?? {};
  const busy = navigation.state !== "idle";
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link>
      </p>
      <h1>Questions and answers: {rfq.title}</h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      <p className="hint">Answers are published to every invited supplier. Suppliers never see who asked a question.</p>
      {questions.length === 0 ? <p className="muted">No questions yet.</p> : null}
      <ol className="stack" aria-label="Question log">
        {questions.map((q) => (
          <li key={q.id} className="card">
            <p>
              <strong>Question</strong>
              {q.askedBy ? ` from ${q.askedBy}` : q.mine ? " (yours)" : ""} · {formatInstant(q.askedAt)}
            </p>
            <p style={{ whiteSpace: "pre-line" }}>{q.question}</p>
            {q.answer ? (
              <>
                <p>
                  <strong>Answer</strong> · {q.answeredAt ? formatInstant(q.answeredAt) : ""}
                </p>
                <p style={{ whiteSpace: "pre-line" }}>{q.answer}</p>
              </>
            ) : canAnswer ? (
              <Form method="post" className="stack">
                <input type="hidden" name="questionId" value={q.id} />
                <Field
                  id={`answer-${q.id}`}
                  label="Answer"
                  error={typed.questionId === q.id ? errors.answer : undefined}
                >
                  <textarea
                    id={`answer-${q.id}`}
                    name="answer"
                    rows={3}
                    defaultValue={typed.questionId === q.id && typeof typed.answer === "string" ? typed.answer : ""}
                    {...invalidProps(`answer-${q.id}`, typed.questionId === q.id ? errors.answer : undefined)}
                  />
                </Field>
                <button type="submit" name="intent" value="answer" disabled={busy}>
                  Publish answer
                </button>
              </Form>
            ) : (
              <p className="muted">Not answered yet.</p>
            )}
          </li>
        ))}
      </ol>
      {canAsk ? (
        <Form method="post" className="card stack">
          <Field id="question" label="Your question" error={errors.question}>
            <textarea
              id="question"
              name="question"
              rows={3}
              defaultValue={typeof typed.question === "string" ? typed.question : ""}
              {...invalidProps("question", errors.question)}
            />
          </Field>
          <button type="submit" name="intent" value="ask" disabled={busy}>
            Ask question
          </button>
        </Form>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
