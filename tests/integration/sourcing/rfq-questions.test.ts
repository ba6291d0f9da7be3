/**
 * Questions and answers: a supplier asks, the buyer answers, the answer goes
 * to every invited supplier by mail and on the page, and nothing a supplier
 * receives says who asked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { answerQuestion, askQuestion, listQuestions } from "../../../app/models/sourcing/question.server";
import {
  NORTHWIND_ACCOUNTS,
  auditOf,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let now: Date;
let rfqId: string;
let deadline: Date;

beforeAll(async () => {
  t = await createTestDb("rfq_questions");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
  deadline = new Date(now.getTime() + 60 * MINUTE);
  rfqId = await publishedRfq(
    demo,
    { title: "Gaskets with questions", deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)] },
    now,
  );
});

afterAll(async () => {
  await t?.destroy();
});

const QUESTION = "May we offer EPDM instead of NBR for the gaskets?";
const ANSWER = "Yes, EPDM 70 Shore A is acceptable.";

describe("questions and answers", () => {
  let questionId: string;

  it("takes a question from an invited supplier and tells the buyer", async () => {
    questionId = await askQuestion(demo.as(NORTHWIND_SALES, now), { rfqId, question: QUESTION });
    const mails = await t.db
      .selectFrom("email_outbox")
      .where("subject", "=", "Question on Gaskets with questions (" + (await ref()) + ")")
      .select("to_address")
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual([BUYER]);
  });

  it("shows the unanswered question to the buyer with who asked, and not to the other supplier", async () => {
    const buyerView = await listQuestions(demo.as(BUYER), { rfqId });
    expect(buyerView.canAnswer).toBe(true);
    expect(buyerView.questions).toMatchObject([{ question: QUESTION, askedBy: NORTHWIND, answer: null }]);
    const globexView = await listQuestions(demo.as(GLOBEX_SALES), { rfqId });
    expect(globexView.questions).toEqual([]);
    const own = await listQuestions(demo.as(NORTHWIND_SALES), { rfqId });
    expect(own.questions).toMatchObject([{ question: QUESTION, askedBy: null, mine: true }]);
  });

  it("publishes the answer to every invited supplier, by mail and on the page, never naming the asker", async () => {
    await answerQuestion(demo.as(BUYER, now), { rfqId, questionId, answer: ANSWER });
    const mails = await t.db
      .selectFrom("email_outbox")
      .where("subject", "like", "New answer on Gaskets with questions%")
      .select(["to_address", "text_body", "html_body"])
      .orderBy("to_address")
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    for (const mail of mails) {
      expect(mail.text_body).toContain(QUESTION);
      expect(mail.text_body).toContain(ANSWER);
      expect(mail.text_body).not.toContain(NORTHWIND);
      expect(mail.html_body).not.toContain(NORTHWIND);
    }
    const globexView = await listQuestions(demo.as(GLOBEX_SALES), { rfqId });
    expect(globexView.questions).toMatchObject([{ question: QUESTION, answer: ANSWER, askedBy: null, mine: false }]);
    // When another bidder asked is its own business: only the published answer is dated.
    expect(globexView.questions[0].askedAt).toBeNull();
    expect(globexView.questions[0].answeredAt).not.toBeNull();
    expect((await listQuestions(demo.as(NORTHWIND_SALES), { rfqId })).questions[0].askedAt).not.toBeNull();
    expect(JSON.stringify(globexView)).not.toContain(NORTHWIND);
    expect(JSON.stringify(globexView)).not.toContain(demo.orgId(NORTHWIND));
    const events = (await auditOf(t.db, rfqId)).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(["QUESTION_ASKED", "ANSWER_PUBLISHED"]));
  });

  it("refuses to answer twice", async () => {
    await expect(answerQuestion(demo.as(BUYER, now), { rfqId, questionId, answer: "Again" })).rejects.toThrow(
      "This question has already been answered.",
    );
  });

  it("refuses suppliers answering, other tenants reading, and questions after the deadline", async () => {
    expect(
      (await responseOf(answerQuestion(demo.as(GLOBEX_SALES, now), { rfqId, questionId, answer: "x" }))).status,
    ).toBe(403);
    expect((await responseOf(listQuestions(demo.as(INITECH_BUYER), { rfqId }))).status).toBe(404);
    await expect(
      askQuestion(demo.as(GLOBEX_SALES, new Date(deadline.getTime() + 1000)), {
        rfqId,
        question: "Is it too late to ask?",
      }),
    ).rejects.toThrow("Questions can be asked only while the RFQ is open, before its deadline.");
  });
});

async function ref() {
  const rfq = await t.db.selectFrom("rfqs").select("reference").where("id", "=", rfqId).executeTakeFirstOrThrow();
  return rfq.reference;
}
