/**
 * The supplier's side of a quote: a draft that is kept but never received,
 * numbered revisions with their exact received time, the history and what
 * changed between two revisions, withdrawing before the deadline, and
 * declining with a reason. What the buyer compares after the close is only
 * each supplier's last submitted revision; drafts and withdrawn quotes are
 * not counted. Every "now" is passed in; nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { quoteFormSchema } from "../../../app/models/sourcing/quote.schema";
import {
  declineInvitation,
  getOwnQuoteForm,
  saveQuoteDraft,
  submitQuote,
  withdrawQuote,
} from "../../../app/models/sourcing/quote-submission.server";
import { diffQuoteRevisions, getOwnRevisionHistory } from "../../../app/models/sourcing/quote-history.server";
import { readSealedQuotes } from "../../../app/models/sourcing/sealed.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { closeRfq } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { TransitionRefusedError } from "../../../workflows/errors";
import {
  auditOf,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("quote_revisions");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

afterAll(async () => {
  await t?.destroy();
});

const LINES = [
  { itemName: "Cable gland M20", specification: "IP68", quantity: "300", unit: "pcs" as const },
  { itemName: "Lock nut M20", specification: "Brass", quantity: "300", unit: "pcs" as const },
];

async function rfqWithBoth(title: string, deadline: Date) {
  return publishedRfq(
    demo,
    { title, deadlineAt: deadline, lines: LINES, supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)] },
    now,
  );
}

const invitationOf = (rfqId: string, org: string) =>
  t.db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", demo.orgId(org))
    .select(["id", "status", "decline_reason", "answered_at"])
    .executeTakeFirstOrThrow();

describe("a quote's life from draft to the buyer's comparison", () => {
  let rfqId: string;
  let deadline: Date;
  let lineIds: string[];

  beforeAll(async () => {
    deadline = new Date(now.getTime() + 4 * HOUR);
    rfqId = await rfqWithBoth("Cable glands", deadline);
    lineIds = (
      await t.db.selectFrom("rfq_lines").where("rfq_id", "=", rfqId).select("id").orderBy("position").execute()
    ).map((l) => l.id);
  });

  it("keeps a saved draft for the supplier alone, counts no revision and no answer", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    await saveQuoteDraft(actingAs(t.db, northwind, new Date(now.getTime() + MINUTE)), {
      rfqId,
      lines: [
        { rfqLineId: lineIds[0], unitPrice: "2.1", minOrderQuantity: "", alternateOffer: "" },
        { rfqLineId: lineIds[1], unitPrice: "", minOrderQuantity: "", alternateOffer: "" },
      ],
      leadTimeDays: "",
      freight: "",
      otherCharges: "",
      validUntil: "",
      paymentTerms: "",
      incoterm: "",
      notes: "half done",
    });
    const own = await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId });
    expect(own.quote).toMatchObject({ status: "draft", current_revision: 0 });
    expect(own.draft?.notes).toBe("half done");
    expect(own.draft?.lines[0].unitPrice).toBe("2.1");
    expect(await t.db.selectFrom("quote_revisions").select("id").execute()).not.toContainEqual(
      expect.objectContaining({ quote_id: own.quote?.id }),
    );
    expect((await invitationOf(rfqId, NORTHWIND)).answered_at).toBeNull();
    // Another supplier's form on the same RFQ knows nothing of it.
    const globex = await getOwnQuoteForm(demo.as(GLOBEX_SALES), { rfqId });
    expect(globex).toEqual({ quote: null, revision: null, prices: {}, pendingFiles: [], draft: null });
    const events = (await auditOf(t.db, own.quote!.id)).map((e) => e.event);
    expect(events).toEqual(["SAVE_DRAFT"]);
  });

  it("submits revision 1 with every term, spending the draft", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const input = quoteFormSchema.parse({
      lines: [
        { rfqLineId: lineIds[0], unitPrice: "2.10", minOrderQuantity: "100", alternateOffer: "" },
        { rfqLineId: lineIds[1], unitPrice: "", noBid: "on", alternateOffer: "Steel lock nut, zinc plated" },
      ],
      leadTimeDays: "21",
      freight: "45.00",
      otherCharges: "",
      validUntil: "2027-01-31",
      paymentTerms: "Net 30",
      incoterm: "DAP",
      notes: "First offer",
    });
    const at = new Date(now.getTime() + 10 * MINUTE + 123);
    const result = await submitQuote(actingAs(t.db, northwind, at), { rfqId, ...input });
    expect(result.revision).toBe(1);

    const own = await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId });
    expect(own.draft).toBeNull();
    expect(own.revision).toMatchObject({
      revision: 1,
      lead_time_days: 21,
      valid_until: "2027-01-31",
      payment_terms: "Net 30",
      incoterm: "DAP",
      notes: "First offer",
    });
    expect(Number(own.revision!.freight)).toBe(45);
    expect(Number(own.revision!.subtotal)).toBe(630);
    expect(own.prices[lineIds[0]]).toMatchObject({ noBid: false, alternateOffer: null });
    expect(Number(own.prices[lineIds[0]].minOrderQuantity)).toBe(100);
    expect(own.prices[lineIds[1]]).toMatchObject({ noBid: true, alternateOffer: "Steel lock nut, zinc plated" });
    expect((await invitationOf(rfqId, NORTHWIND)).status).toBe("submitted");
  });

  it("refuses to save a draft over a submitted quote", async () => {
    await expect(
      saveQuoteDraft(demo.as(NORTHWIND_SALES, new Date(now.getTime() + 11 * MINUTE)), {
        rfqId,
        lines: [],
        leadTimeDays: "",
        freight: "",
        otherCharges: "",
        validUntil: "",
        paymentTerms: "",
        incoterm: "",
        notes: "",
      }),
    ).rejects.toThrow("This quote has been submitted; only a draft can be saved as a draft.");
  });

  it("keeps every revision, numbered, with the exact time received, and shows what changed", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const revised = quoteFormSchema.parse({
      lines: [
        { rfqLineId: lineIds[0], unitPrice: "1.95", minOrderQuantity: "100" },
        { rfqLineId: lineIds[1], unitPrice: "0.40" },
      ],
      leadTimeDays: "14",
      freight: "45",
      notes: "First offer",
      validUntil: "2027-01-31",
      paymentTerms: "Net 30",
      incoterm: "DAP",
    });
    const at = new Date(now.getTime() + 20 * MINUTE + 456);
    expect((await submitQuote(actingAs(t.db, northwind, at), { rfqId, ...revised })).revision).toBe(2);

    const { revisions } = await getOwnRevisionHistory(actingAs(t.db, northwind), { rfqId });
    expect(revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(revisions[0].receivedAt.getTime() - revisions[1].receivedAt.getTime()).toBeGreaterThan(0);
    const changes = diffQuoteRevisions(revisions[1], revisions[0]);
    expect(changes).toEqual([
      { what: "Lead time (days)", from: "21", to: "14" },
      { what: "Subtotal", from: "630", to: "705" },
      { what: "1. Cable gland M20: Unit price", from: "2.1", to: "1.95" },
      { what: "2. Lock nut M20: Unit price", from: "No bid", to: "0.4" },
      { what: "2. Lock nut M20: Alternate offer", from: "Steel lock nut, zinc plated", to: "—" },
    ]);
    // Globex, asking for its own history on the same RFQ, finds nothing of Northwind's.
    expect((await getOwnRevisionHistory(demo.as(GLOBEX_SALES), { rfqId })).revisions).toEqual([]);
  });

  it("lets Globex save a draft that never reaches the buyer", async () => {
    await saveQuoteDraft(demo.as(GLOBEX_SALES, new Date(now.getTime() + 30 * MINUTE)), {
      rfqId,
      lines: [{ rfqLineId: lineIds[0], unitPrice: "0.01", minOrderQuantity: "", alternateOffer: "" }],
      leadTimeDays: "1",
      freight: "",
      otherCharges: "",
      validUntil: "",
      paymentTerms: "",
      incoterm: "",
      notes: "",
    });
  });

  it("refuses a revision one second after the deadline, even from a page opened before it", async () => {
    const late = quoteFormSchema.parse({
      lines: [
        { rfqLineId: lineIds[0], unitPrice: "1.00" },
        { rfqLineId: lineIds[1], unitPrice: "0.10" },
      ],
      leadTimeDays: "7",
    });
    await expect(
      submitQuote(demo.as(NORTHWIND_SALES, new Date(deadline.getTime() + 1000)), { rfqId, ...late }),
    ).rejects.toThrow(/the deadline passed at/);
    const { revisions } = await getOwnRevisionHistory(demo.as(NORTHWIND_SALES), { rfqId });
    expect(revisions.map((r) => r.revision)).toEqual([2, 1]);
  });

  it("after the close, shows the buyer Northwind's last revision only, and nothing of Globex's draft", async () => {
    expect(await closeDueRfqs(t.db, new Date(deadline.getTime() + 1000))).toContain(rfqId);
    const { columns } = await readSealedQuotes(demo.as(BUYER), { rfqId });
    expect(columns.map((c) => [c.supplierName, c.revision, c.subtotal])).toEqual([[NORTHWIND, 2, "705.00"]]);
  });
});

describe("withdrawing", () => {
  it("withdraws before the deadline: the invitation is unanswered again and the buyer never sees it", async () => {
    const deadline = new Date(now.getTime() + 2 * HOUR);
    const rfqId = await rfqWithBoth("Withdrawn terminals", deadline);
    const northwind = demo.actor(NORTHWIND_SALES);
    await submitQuote(actingAs(t.db, northwind, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["1.00", "2.00"])) });
    const quote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .select(["id", "version"])
      .executeTakeFirstOrThrow();

    await withdrawQuote(actingAs(t.db, northwind, new Date(now.getTime() + MINUTE)), { rfqId, version: quote.version });
    expect((await invitationOf(rfqId, NORTHWIND)).status).toBe("viewed");
    const events = (await auditOf(t.db, quote.id)).map((e) => [e.event, e.to_state]);
    expect(events).toEqual([
      ["SUBMIT", "submitted"],
      ["WITHDRAW", "withdrawn"],
    ]);
    // Withdrawn, it no longer counts as an answer for closing early.
    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", rfqId).executeTakeFirstOrThrow();
    await expect(closeRfq(demo.as(BUYER, now), { id: rfqId, version: rfq.version })).rejects.toThrow(/0 of 2 so far/);

    await closeDueRfqs(t.db, new Date(deadline.getTime() + 1000));
    const { columns } = await readSealedQuotes(demo.as(BUYER), { rfqId });
    expect(columns).toEqual([]);
  });

  it("refuses to withdraw after the deadline", async () => {
    const deadline = new Date(now.getTime() + HOUR);
    const rfqId = await rfqWithBoth("Late withdrawal", deadline);
    await submitQuote(demo.as(GLOBEX_SALES, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["3.00", "4.00"])) });
    const quote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .select("version")
      .executeTakeFirstOrThrow();
    await expect(
      withdrawQuote(demo.as(GLOBEX_SALES, new Date(deadline.getTime() + 1000)), { rfqId, version: quote.version }),
    ).rejects.toThrow(TransitionRefusedError);
    expect((await invitationOf(rfqId, GLOBEX)).status).toBe("submitted");
  });
});

describe("declining", () => {
  it("records the reason, shows it to the buyer, and counts as an answer for closing early", async () => {
    const rfqId = await rfqWithBoth("Declined springs", new Date(now.getTime() + 3 * HOUR));
    await submitQuote(demo.as(NORTHWIND_SALES, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["1.00", "1.00"])) });
    await declineInvitation(demo.as(GLOBEX_SALES, now), { rfqId, reason: "No capacity in Q1" });

    expect(await invitationOf(rfqId, GLOBEX)).toMatchObject({
      status: "declined",
      decline_reason: "No capacity in Q1",
    });
    const page = await getRfqPage(demo.as(BUYER, now), { id: rfqId });
    expect(page.invitations?.find((i) => i.supplierName === GLOBEX)).toMatchObject({
      status: "declined",
      decline_reason: "No capacity in Q1",
    });
    expect(page.possible).toContain("CLOSE");
    // Declining moves the invitation through its machine, which writes the audit event.
    const invitation = await invitationOf(rfqId, GLOBEX);
    const decline = (await auditOf(t.db, invitation.id)).find((e) => e.event === "DECLINE");
    expect(decline).toMatchObject({ org_id: demo.orgId(GLOBEX), entity_type: "invitation", to_state: "declined" });

    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", rfqId).executeTakeFirstOrThrow();
    const closed = await closeRfq(demo.as(BUYER, now), { id: rfqId, version: rfq.version });
    expect(closed.to).toBe("closed");
  });

  it("refuses to decline while a submitted quote stands, naming the way out", async () => {
    const rfqId = await rfqWithBoth("Quoted then declined", new Date(now.getTime() + 3 * HOUR));
    await submitQuote(demo.as(NORTHWIND_SALES, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["1.00", "1.00"])) });
    await expect(
      declineInvitation(demo.as(NORTHWIND_SALES, now), { rfqId, reason: "Changed our mind" }),
    ).rejects.toThrow("You have a submitted quote on this RFQ; withdraw it before declining.");
    expect((await invitationOf(rfqId, NORTHWIND)).status).toBe("submitted");
  });

  it("refuses a supplier that was not invited as if the RFQ did not exist", async () => {
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Northwind only",
        deadlineAt: new Date(now.getTime() + HOUR),
        lines: LINES,
        supplierIds: [demo.orgId(NORTHWIND)],
      },
      now,
    );
    const globex = demo.actor(GLOBEX_SALES);
    expect(
      (await responseOf(declineInvitation(actingAs(t.db, globex, now), { rfqId, reason: "Not for us" }))).status,
    ).toBe(404);
    expect((await responseOf(withdrawQuote(actingAs(t.db, globex, now), { rfqId, version: 1 }))).status).toBe(404);
    expect(
      (
        await responseOf(
          saveQuoteDraft(actingAs(t.db, globex, now), {
            rfqId,
            lines: [],
            leadTimeDays: "",
            freight: "",
            otherCharges: "",
            validUntil: "",
            paymentTerms: "",
            incoterm: "",
            notes: "",
          }),
        )
      ).status,
    ).toBe(404);
    expect(await t.db.selectFrom("quotes").where("rfq_id", "=", rfqId).select("id").execute()).toEqual([]);
  });
});
