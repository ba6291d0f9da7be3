/**
 * The RFQ page's history in words: the buying side reads every step, with
 * who did it and which supplier; an invited supplier reads only its own
 * invitation, quotes, questions and award, the deadline and what every
 * bidder was told, never another supplier's name, step or number.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { answerQuestion, askQuestion } from "../../../app/models/sourcing/question.server";
import { declineInvitation, submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { getRfqTimeline } from "../../../app/models/sourcing/rfq-timeline.server";
import { awardRfq } from "../../factories/award";
import {
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";
import { translated } from "../../../app/i18n/config";
import { translatorFor } from "../../../app/i18n/translator";

/** A timeline entry as an English reader sees it: the entries are catalogue keys with their values. */
const english = (text: string) => translated(translatorFor("en"), text);

const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let rfqId: string;
let start: Date;
let deadline: Date;
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
const names = async (email: string) => {
  const [user, org] = await Promise.all([
    t.db.selectFrom("users").where("email", "=", email).select("name").executeTakeFirstOrThrow(),
    t.db.selectFrom("organisations").where("id", "=", demo.actor(email).orgId).select("name").executeTakeFirstOrThrow(),
  ]);
  return { person: user.name, org: org.name };
};

beforeAll(async () => {
  t = await createTestDb("rfq_timeline");
  demo = await seededDemo(t.db);
  start = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 60 * MINUTE);
  deadline = at(120);
  rfqId = await publishedRfq(
    demo,
    {
      title: "Timeline gaskets",
      deadlineAt: deadline,
      lines: [{ itemName: "Gasket DN50", specification: "EPDM", quantity: "40", unit: "pcs" }],
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    start,
  );
  // Northwind opens it, asks, is answered, quotes twice; Globex opens it and declines.
  await getRfqPage(demo.as(NORTHWIND_SALES, at(1)), { id: rfqId });
  const questionId = await askQuestion(demo.as(NORTHWIND_SALES, at(2)), {
    rfqId,
    question: "May the gaskets come in packs of ten?",
  });
  await answerQuestion(demo.as(BUYER, at(3)), { rfqId, questionId, answer: "Yes." });
  await submitQuote(demo.as(NORTHWIND_SALES, at(4)), { rfqId, ...(await quoteInput(t.db, rfqId, ["3.10"])) });
  await submitQuote(demo.as(NORTHWIND_SALES, at(5)), { rfqId, ...(await quoteInput(t.db, rfqId, ["2.95"])) });
  await getRfqPage(demo.as(GLOBEX_SALES, at(6)), { id: rfqId });
  await declineInvitation(demo.as(GLOBEX_SALES, at(7)), { rfqId, reason: "No EPDM stock this quarter" });
  await closeDueRfqs(t.db, new Date(deadline.getTime() + 1_000));
  const rfq = await demo.rfq("Timeline gaskets");
  await awardRfq(demo.as(BUYER, new Date(deadline.getTime() + 2_000)), {
    rfqId,
    supplierOrgId: demo.orgId(NORTHWIND),
    version: rfq.version,
  });
});

afterAll(async () => {
  await t?.destroy();
});

describe("the buying side's RFQ timeline", () => {
  it("tells every step in words, oldest first, naming who and which supplier", async () => {
    const buyer = await names(BUYER);
    const northwind = await names(NORTHWIND_SALES);
    const globex = await names(GLOBEX_SALES);
    const entries = await getRfqTimeline(demo.as(BUYER, at(200)), { id: rfqId });
    expect(entries.map((e) => english(e.text))).toEqual([
      `${buyer.person} created the RFQ`,
      `${buyer.person} published the RFQ, inviting ${globex.org} and ${northwind.org}`,
      `${northwind.person} of ${northwind.org} opened the invitation`,
      `${northwind.person} of ${northwind.org} asked a question`,
      `${buyer.person} answered ${northwind.org}'s question`,
      `${northwind.person} of ${northwind.org} submitted a quote`,
      `${northwind.person} of ${northwind.org} revised the quote (revision 2)`,
      `${globex.person} of ${globex.org} opened the invitation`,
      `${globex.person} of ${globex.org} declined to quote: “No EPDM stock this quarter”`,
      "The deadline passed and the RFQ closed",
      `${buyer.person} awarded the RFQ`,
    ]);
    const times = entries.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("says why an RFQ was cancelled", async () => {
    const id = await publishedRfq(
      demo,
      { title: "Timeline cancelled", deadlineAt: at(90), supplierIds: [demo.orgId(NORTHWIND)] },
      start,
    );
    const { cancelRfq } = await import("../../../app/models/sourcing/rfq-lifecycle.server");
    const rfq = await demo.rfq("Timeline cancelled");
    await cancelRfq(demo.as(BUYER, at(10)), { id, version: rfq.version, reason: "Budget moved to next year" });
    const entries = await getRfqTimeline(demo.as(BUYER, at(11)), { id });
    expect(english(entries.at(-1)?.text ?? "")).toBe(
      `${(await names(BUYER)).person} cancelled the RFQ: “Budget moved to next year”`,
    );
  });
});

describe("an invited supplier's RFQ timeline", () => {
  it("holds only its own side, with the buyer named as its organisation", async () => {
    const buyer = await names(BUYER);
    const northwind = await names(NORTHWIND_SALES);
    const entries = await getRfqTimeline(demo.as(NORTHWIND_SALES, at(200)), { id: rfqId });
    expect(entries.map((e) => english(e.text))).toEqual([
      `${buyer.org} invited your company to quote`,
      `${northwind.person} opened the invitation`,
      `${northwind.person} asked a question`,
      `${buyer.org} answered your question`,
      `${northwind.person} submitted your quote`,
      `${northwind.person} revised your quote (revision 2)`,
      "The deadline passed: quotes can no longer be submitted or revised",
      `${buyer.org} awarded your quote`,
    ]);
    // The deadline is told at the deadline, not when the RFQ happened to close.
    expect(entries.find((e) => english(e.text).startsWith("The deadline"))?.at.getTime()).toBe(deadline.getTime());
  });

  it("never names another supplier, its steps or how many were invited", async () => {
    const globex = await names(GLOBEX_SALES);
    const northwind = await names(NORTHWIND_SALES);
    const buyer = await names(BUYER);
    const ofNorthwind = (await getRfqTimeline(demo.as(NORTHWIND_SALES, at(200)), { id: rfqId })).map((e) =>
      english(e.text),
    );
    const ofGlobex = (await getRfqTimeline(demo.as(GLOBEX_SALES, at(200)), { id: rfqId })).map((e) => english(e.text));
    for (const text of ofNorthwind) {
      expect(text).not.toContain(globex.org);
      expect(text).not.toContain(globex.person);
      expect(text).not.toMatch(/declined|suppliers|inviting/);
      // The buyer's people stay behind their organisation's name.
      expect(text).not.toContain(buyer.person);
    }
    expect(ofGlobex).toEqual([
      `${buyer.org} invited your company to quote`,
      `${globex.person} opened the invitation`,
      `${globex.person} declined to quote: “No EPDM stock this quarter”`,
      "The deadline passed: quotes can no longer be submitted or revised",
    ]);
    for (const text of ofGlobex) {
      expect(text).not.toContain(northwind.org);
      expect(text).not.toContain(northwind.person);
      expect(text).not.toMatch(/question|revision|awarded/);
    }
  });

  it("is refused to an organisation that was not invited, as if the RFQ did not exist", async () => {
    expect((await responseOf(getRfqTimeline(demo.as(INITECH_BUYER, at(200)), { id: rfqId }))).status).toBe(404);
  });
});
