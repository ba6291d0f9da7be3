/**
 * One-time form tokens (decision 019) on real Postgres: the same form sent
 * many times at once (a double click, a resend, a replayed request) books
 * once, and every reply carries the first result, so it points to the same
 * record. Each creating action is raced as its route runs it: `once` around
 * the use case, with the token its page issued. A write that fails gives the
 * token back; a token is one person's and one purpose's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { randomUUID } from "node:crypto";

import { formTokenOf, issueFormToken, once, readFormToken } from "../../../app/models/shared/form-token.server";
import { createAgreement } from "../../../app/models/agreements/agreement-draft.server";
import { acknowledgeAgreement, sendAgreement } from "../../../app/models/agreements/agreement-lifecycle.server";
import { callOff } from "../../../app/models/agreements/call-off.server";
import { approvePo } from "../../../app/models/ordering/approval.server";
import { makeChangeOrder } from "../../../app/models/ordering/change-order.server";
import { createDirectPo } from "../../../app/models/ordering/draft.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { award } from "../../../app/models/sourcing/award.server";
import { answerQuestion, askQuestion } from "../../../app/models/sourcing/question.server";
import { addQuoteAttachment } from "../../../app/models/sourcing/quote-files.server";
import { addRfqAttachment } from "../../../app/models/sourcing/rfq-attachments.server";
import { inviteByEmailToOpenRfq } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { FormError } from "../../../app/utils/errors";
import type { AgreementFormInput } from "../../../app/models/agreements/agreement.schema";
import type { PoFormInput } from "../../../app/models/ordering/purchase-order.schema";
import {
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { acknowledged, draftPo, ONE_LINE, poLineIds, poRow, poVersion, submitted } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

const N = 6;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let parallel: boolean;

beforeAll(async () => {
  t = await createTestDb("form_tokens", { max: 20 });
  parallel = t.url !== null;
  if (!parallel) console.info("[form-tokens] embedded PGlite: the repeats below run one after another");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

/** Fires `call` N times at once (Postgres) or one after another (PGlite); every call must succeed. */
async function sameFormNTimes<T>(call: () => Promise<T>): Promise<T[]> {
  const settled = parallel
    ? await Promise.allSettled(Array.from({ length: N }, () => call()))
    : await (async () => {
        const out: PromiseSettledResult<T>[] = [];
        for (let i = 0; i < N; i++)
          out.push(
            await call().then(
              (value) => ({ status: "fulfilled", value }) as const,
              (reason: unknown) => ({ status: "rejected", reason }) as const,
            ),
          );
        return out;
      })();
  const refused = settled.filter((s) => s.status === "rejected");
  const described = await Promise.all(
    refused.map(async (r) => {
      const reason: unknown = (r as PromiseRejectedResult).reason;
      return reason instanceof Response ? `${reason.status} ${await reason.text()}` : String(reason);
    }),
  );
  expect(described).toEqual([]);
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Every reply is the first one. */
function expectOneAnswer<T>(replies: T[]): T {
  expect(replies).toHaveLength(N);
  for (const reply of replies) expect(reply).toEqual(replies[0]);
  return replies[0];
}

const count = async (query: Promise<{ n: string | number | bigint }>) => Number((await query).n);

describe("the same form sent many times at once books once, and every reply points to it", () => {
  it("a new RFQ", async () => {
    const token = issueFormToken();
    const input = rfqInput({
      supplierIds: [demo.orgId(NORTHWIND)],
      title: "Token race: RFQ",
      deadlineAt: new Date(Date.now() + 7 * 24 * HOUR),
    });
    const replies = await sameFormNTimes(() =>
      once(demo.as(BUYER), { token, purpose: "rfq.create" }, async (tx) => ({ id: (await createRfq(tx, input)).id })),
    );
    const { id } = expectOneAnswer(replies);
    const rows = await t.db.selectFrom("rfqs").where("title", "=", "Token race: RFQ").select("id").execute();
    expect(rows.map((r) => r.id)).toEqual([id]);
  });

  it("a quote submission and a supplier's question", async () => {
    const now = new Date();
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Token race: quote",
        deadlineAt: new Date(now.getTime() + 2 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
      },
      now,
    );
    const input = await quoteInput(t.db, rfqId, ["1.10"]);
    const token = issueFormToken();
    const quoted = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(NORTHWIND_SALES), { token, purpose: "quote.submit" }, async (tx) => {
          const { quoteId, revision } = await submitQuote(tx, { rfqId, ...input });
          return { quoteId, revision };
        }),
      ),
    );
    expect(quoted.revision).toBe(1);
    const revisions = await t.db
      .selectFrom("quote_revisions")
      .where("quote_id", "=", quoted.quoteId)
      .select("revision")
      .execute();
    expect(revisions.map((r) => r.revision)).toEqual([1]);

    // The page's one token serves its other forms too: each purpose claims it once.
    const asked = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(NORTHWIND_SALES), { token, purpose: "question.ask" }, async (tx) => ({
          id: await askQuestion(tx, { rfqId, question: "Is zinc flake coating acceptable?" }),
        })),
      ),
    );
    const questions = await t.db.selectFrom("rfq_questions").where("rfq_id", "=", rfqId).select("id").execute();
    expect(questions.map((q) => q.id)).toEqual([asked.id]);
  });

  it("an award: one award, one PO, every reply leads to it", async () => {
    const start = new Date();
    const deadline = new Date(start.getTime() + HOUR);
    const rfqId = await publishedRfq(
      demo,
      { title: "Token race: award", deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND)] },
      start,
    );
    await submitQuote(demo.as(NORTHWIND_SALES, new Date(start.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["2.00"])),
    });
    await closeDueRfqs(t.db, new Date(deadline.getTime() + 1_000));
    const { version } = await t.db
      .selectFrom("rfqs")
      .where("id", "=", rfqId)
      .select("version")
      .executeTakeFirstOrThrow();
    const token = issueFormToken();
    const at = new Date(deadline.getTime() + 2_000);
    const { poIds } = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER, at), { token, purpose: "rfq.award" }, async (tx) => {
          const result = await award(tx, {
            rfqId,
            version,
            choice: { mode: "whole", supplierOrgId: demo.orgId(NORTHWIND) },
          });
          return { poIds: result.purchaseOrders.map((po) => po.id) };
        }),
      ),
    );
    const pos = await t.db.selectFrom("purchase_orders").where("rfq_id", "=", rfqId).select("id").execute();
    expect(pos.map((p) => p.id)).toEqual(poIds);
    expect(poIds).toHaveLength(1);
  });

  it("a file attached to an RFQ and to a quote", async () => {
    const now = new Date();
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Token race: files",
        deadlineAt: new Date(now.getTime() + 2 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
      },
      now,
    );
    const token = issueFormToken();
    const drawing = { name: "bracket.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n% token race drawing\n%%EOF\n") };
    const onRfq = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token, purpose: "rfq.attach" }, async (tx) => ({
          id: (await addRfqAttachment(tx, { rfqId, file: drawing })).id,
        })),
      ),
    );
    const rfqFiles = await t.db
      .selectFrom("attachments")
      .where("owner_type", "=", "rfq")
      .where("owner_id", "=", rfqId)
      .select("id")
      .execute();
    expect(rfqFiles.map((f) => f.id)).toEqual([onRfq.id]);

    const sheet = { name: "datasheet.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n% token race sheet\n%%EOF\n") };
    const supplierToken = issueFormToken();
    const onQuote = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(NORTHWIND_SALES), { token: supplierToken, purpose: "quote.attach" }, async (tx) => ({
          id: (await addQuoteAttachment(tx, { rfqId, file: sheet })).id,
        })),
      ),
    );
    const quoteFiles = await t.db
      .selectFrom("attachments")
      .innerJoin("quotes", "quotes.id", "attachments.owner_id")
      .where("attachments.owner_type", "=", "quote")
      .where("quotes.rfq_id", "=", rfqId)
      .select("attachments.id")
      .execute();
    expect(quoteFiles.map((f) => f.id)).toEqual([onQuote.id]);
  });

  it("an invitation by address: one invitation, one mail, and the repeat hears 'sent', not 'already invited'", async () => {
    const now = new Date();
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Token race: invite",
        deadlineAt: new Date(now.getTime() + 2 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
      },
      now,
    );
    const token = issueFormToken();
    const address = "token-race@vega.test";
    const invited = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token, purpose: "rfq.invite" }, (tx) =>
          inviteByEmailToOpenRfq(tx, { id: rfqId, emails: [address] }),
        ),
      ),
    );
    expect(invited).toEqual({ sent: 1 });
    const invitations = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("invited_email", "=", address)
      .select("id")
      .execute();
    expect(invitations).toHaveLength(1);
    const mails = await t.db.selectFrom("email_outbox").where("to_address", "=", address).select("id").execute();
    expect(mails).toHaveLength(1);
  });

  it("an answer: published once, and each question of the page claims the one token for itself", async () => {
    const now = new Date();
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Token race: answer",
        deadlineAt: new Date(now.getTime() + 2 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
      },
      now,
    );
    const first = await askQuestion(demo.as(NORTHWIND_SALES), { rfqId, question: "Which thread pitch?" });
    const second = await askQuestion(demo.as(NORTHWIND_SALES), { rfqId, question: "Which surface finish?" });
    const token = issueFormToken();
    // As the route runs it: the purpose names the question the form answers.
    const answer = (questionId: string, text: string) =>
      once(demo.as(BUYER), { token, purpose: `question.answer.${questionId}` }, async (tx) => {
        await answerQuestion(tx, { rfqId, questionId, answer: text });
        return { questionId };
      });
    expect(expectOneAnswer(await sameFormNTimes(() => answer(first, "M10 x 1.5")))).toEqual({ questionId: first });
    const published = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", rfqId)
      .where("event", "=", "ANSWER_PUBLISHED")
      .select("data")
      .execute();
    expect(published).toHaveLength(1);
    // The same page's other answer form, with the same token, is its own write.
    expect(await answer(second, "Zinc plated")).toEqual({ questionId: second });
    const answers = await t.db
      .selectFrom("rfq_questions")
      .where("rfq_id", "=", rfqId)
      .orderBy("question")
      .select(["question", "answer"])
      .execute();
    expect(answers).toEqual([
      { question: "Which surface finish?", answer: "Zinc plated" },
      { question: "Which thread pitch?", answer: "M10 x 1.5" },
    ]);
  });

  it("an agreement and a call-off from it, even when each send carries a key of its own", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 24 * HOUR).toISOString().slice(0, 10);
    // Each send a fresh key: only the token can make these one agreement and one call-off.
    const form = (): AgreementFormInput => ({
      key: randomUUID(),
      supplierOrgId: demo.orgId(NORTHWIND),
      title: "Token race: agreement",
      currency: "EUR",
      validFrom: day(-1),
      validTo: day(100),
      paymentTerms: "Net 30",
      incoterm: "DAP",
      leadTimeDays: "5",
      items: [
        {
          itemName: "Hex nut M10",
          specification: "",
          category: "Fasteners",
          unit: "pcs",
          unitPrice: "0.20",
          quantityCap: "1000",
          priceBreaks: "",
        },
      ],
    });
    const token = issueFormToken();
    const { id } = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token, purpose: "agreement.create" }, async (tx) => ({
          id: (await createAgreement(tx, form())).id,
        })),
      ),
    );
    const agreements = await t.db
      .selectFrom("agreements")
      .where("title", "=", "Token race: agreement")
      .select("id")
      .execute();
    expect(agreements.map((a) => a.id)).toEqual([id]);

    await sendAgreement(demo.as(BUYER), { id, version: 1 });
    await acknowledgeAgreement(demo.as(NORTHWIND_SALES), { id, version: 2 });
    const [item] = await t.db.selectFrom("agreement_items").where("agreement_id", "=", id).select("id").execute();
    const callOffToken = issueFormToken();
    const { poId } = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token: callOffToken, purpose: "agreement.callOff" }, async (tx) => ({
          poId: (
            await callOff(tx, { agreementId: id, key: randomUUID(), lines: [{ itemId: item.id, quantity: "10" }] })
          ).poId,
        })),
      ),
    );
    const pos = await t.db.selectFrom("purchase_orders").where("agreement_id", "=", id).select("id").execute();
    expect(pos.map((p) => p.id)).toEqual([poId]);
  });

  it("a direct PO", async () => {
    const token = issueFormToken();
    const input: PoFormInput = {
      supplierOrgId: demo.orgId(NORTHWIND),
      currency: "EUR",
      deliveryAddress: "Acme Manufacturing, Gate 3, Stuttgart",
      deliveryDate: "2027-01-15",
      paymentTerms: "Net 30",
      incoterm: "DAP",
      notes: "Token race: direct PO",
      lines: [
        {
          itemName: "Bearing 6204-2RS",
          specification: "",
          quantity: "20",
          unit: "pcs",
          unitPrice: "3.10",
          taxRate: "19",
        },
      ],
    };
    const { poId } = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token, purpose: "po.create" }, async (tx) => ({
          poId: (await createDirectPo(tx, input)).poId,
        })),
      ),
    );
    const rows = await t.db
      .selectFrom("purchase_orders")
      .where("notes", "=", "Token race: direct PO")
      .select("id")
      .execute();
    expect(rows.map((r) => r.id)).toEqual([poId]);
  });

  it("an approval: one decision recorded, and the repeat hears 'approved', not 'changed since'", async () => {
    // 2,000 before tax: above finance's first threshold, so it waits for one approval.
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await submitted(demo, poId);
    const version = await poVersion(t.db, poId);
    const token = issueFormToken();
    expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(FINANCE), { token, purpose: "po.approve" }, async (tx) => {
          await approvePo(tx, { id: poId, version });
          return { ok: "approve" };
        }),
      ),
    );
    const approvals = await t.db.selectFrom("approvals").where("po_id", "=", poId).select("approver_id").execute();
    expect(approvals.map((a) => a.approver_id)).toEqual([demo.actor(FINANCE).userId]);
  });

  it("a goods receipt, a change order and an invoice", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await acknowledged(demo, poId);
    const [lineId] = await poLineIds(t.db, poId);

    const receiptToken = issueFormToken();
    const version = await poVersion(t.db, poId);
    const booked = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token: receiptToken, purpose: "po.receive" }, async (tx) => {
          const { receiptId } = await recordReceipt(tx, {
            poId,
            version,
            receivedOn: "2026-11-20",
            deliveryNote: "DN-TOKEN-1",
            note: "",
            lines: [{ poLineId: lineId, quantity: "40" }],
          });
          return { receiptId };
        }),
      ),
    );
    const receipts = await t.db.selectFrom("receipts").where("po_id", "=", poId).select("id").execute();
    expect(receipts.map((r) => r.id)).toEqual([booked.receiptId]);

    const invoiceToken = issueFormToken();
    const invoiced = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(NORTHWIND_SALES), { token: invoiceToken, purpose: "invoice.submit" }, async (tx) => ({
          invoiceId: (
            await submitInvoice(tx, {
              poId,
              invoiceNumber: "NW-TOKEN-1",
              issuedOn: "2026-11-22",
              dueOn: "",
              lines: [{ poLineId: lineId, quantity: "40", unitPrice: "20.00", taxRate: "0" }],
            })
          ).invoiceId,
        })),
      ),
    );
    const invoices = await t.db.selectFrom("invoices").where("po_id", "=", poId).select("id").execute();
    expect(invoices.map((i) => i.id)).toEqual([invoiced.invoiceId]);

    // A change order on a PO of its own, acknowledged and nothing received yet.
    const changing = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await acknowledged(demo, changing);
    const [changingLine] = await poLineIds(t.db, changing);
    const po = await poRow(t.db, changing);
    const changeToken = issueFormToken();
    const line = await t.db
      .selectFrom("purchase_order_lines")
      .where("id", "=", changingLine)
      .selectAll()
      .executeTakeFirstOrThrow();
    const changed = expectOneAnswer(
      await sameFormNTimes(() =>
        once(demo.as(BUYER), { token: changeToken, purpose: "po.change" }, async (tx) => ({
          revision: (
            await makeChangeOrder(tx, {
              id: changing,
              version: po.version,
              reason: "More needed",
              deliveryDate: "2027-03-01",
              notes: "",
              lines: [
                {
                  kind: "keep",
                  lineId: changingLine,
                  quantity: "120",
                  unitPrice: line.unit_price,
                  taxRate: line.tax_rate,
                },
              ],
            })
          ).revision,
        })),
      ),
    );
    expect(changed.revision).toBe(po.revision + 1);
    expect((await poRow(t.db, changing)).revision).toBe(po.revision + 1);
  });
});

describe("what a token is worth", () => {
  it("a write that fails gives its token back: corrected, the same form goes through", async () => {
    const token = issueFormToken();
    const ctx = demo.as(BUYER);
    await expect(
      once(ctx, { token, purpose: "rfq.create" }, async () => {
        throw new FormError({ title: "Enter a title." });
      }),
    ).rejects.toBeInstanceOf(FormError);
    const input = rfqInput({
      supplierIds: [demo.orgId(NORTHWIND)],
      title: "Token retry",
      deadlineAt: new Date(Date.now() + 7 * 24 * HOUR),
    });
    const first = await once(ctx, { token, purpose: "rfq.create" }, async (tx) => ({
      id: (await createRfq(tx, input)).id,
    }));
    const again = await once(ctx, { token, purpose: "rfq.create" }, async (tx) => ({
      id: (await createRfq(tx, input)).id,
    }));
    expect(again).toEqual(first);
    expect(
      await count(
        t.db
          .selectFrom("rfqs")
          .where("title", "=", "Token retry")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow(),
      ),
    ).toBe(1);
  });

  it("is one person's: another person's send with the same token is their own write", async () => {
    const token = issueFormToken();
    const make = (email: string) =>
      once(demo.as(email), { token, purpose: "rfq.create" }, async (tx) => ({
        id: (
          await createRfq(
            tx,
            rfqInput({
              supplierIds: [demo.orgId(NORTHWIND)],
              title: `Token owner ${email}`,
              deadlineAt: new Date(Date.now() + 7 * 24 * HOUR),
            }),
          )
        ).id,
      }));
    const mine = await make(BUYER);
    const theirs = await make(CONTROLLER).catch((e: unknown) => e);
    // Finance may not create RFQs: refused on its own merits, not answered with the buyer's RFQ.
    expect(theirs).not.toEqual(mine);
    expect(await make(GLOBEX_SALES).catch((e: unknown) => e)).not.toEqual(mine);
  });

  it("without a token (a client that never loaded the form) the write runs each time, as before", async () => {
    const input = rfqInput({
      supplierIds: [demo.orgId(NORTHWIND)],
      title: "No token",
      deadlineAt: new Date(Date.now() + 7 * 24 * HOUR),
    });
    for (let i = 0; i < 2; i++)
      await once(demo.as(BUYER), { token: null, purpose: "rfq.create" }, async (tx) => ({
        id: (await createRfq(tx, input)).id,
      }));
    expect(
      await count(
        t.db
          .selectFrom("rfqs")
          .where("title", "=", "No token")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow(),
      ),
    ).toBe(2);
  });

  it("reads only a token of the shape it issues; anything else (sent twice, NUL, a file, too long) is none", () => {
    const token = issueFormToken();
    expect(readFormToken(token)).toBe(token);
    for (const bad of [
      undefined,
      null,
      "",
      [token, token],
      `${token}\u0000`,
      `${token}x`,
      token.slice(1),
      42,
      new Blob(["x"]),
    ])
      expect(readFormToken(bad)).toBeNull();
    expect(formTokenOf({ payload: { formToken: token } })).toBe(token);
    expect(formTokenOf({ payload: { formToken: [token, token] } })).toBeNull();
  });

  it("stores only the token's hash", async () => {
    const token = issueFormToken();
    await once(demo.as(BUYER), { token, purpose: "probe" }, async () => ({ ok: true }));
    const rows = await t.db.selectFrom("form_tokens").select(["token_hash"]).execute();
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});
