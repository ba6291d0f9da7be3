/**
 * What the RFQ page offers each person (`can` of getRfqPage), asked of the
 * ability and the machines, on an RFQ taken from draft to awarded: the
 * buyer, finance (reads, compares, never runs the RFQ) and two invited
 * suppliers, one quoting and one declining.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { publishRfq } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { getRfqPage, listRfqPage, rfqStatusOptions } from "../../../app/models/sourcing/rfq-queries.server";
import type { RfqPageCan } from "../../../app/models/sourcing/rfq-queries.server";
import { declineInvitation, submitQuote, withdrawQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { awardRfq } from "../../factories/award";
import {
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  quoteInput,
  responseOf,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("rfq_page_flags");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

const page = (email: string, rfqId: string, at: Date) => getRfqPage(demo.as(email, at), { id: rfqId });

/** The flags that are true, so a wrong one shows by name. */
const granted = (can: RfqPageCan) =>
  Object.entries(can)
    .filter(([, value]) => value)
    .map(([name]) => name)
    .sort();

const version = async (rfqId: string) =>
  (await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow()).version;

describe("the RFQ page's flags", () => {
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 5 * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const during = new Date(createdAt.getTime() + 2 * MINUTE);
  let rfqId: string;

  it("on a draft: the buyer edits, publishes, attaches or cancels; finance only reads; suppliers never see it", async () => {
    const created = await createRfq(
      demo.as(BUYER, createdAt),
      rfqInput({
        title: "Flags: gaskets",
        deadlineAt: deadline,
        intent: "save",
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      }),
    );
    rfqId = created.id;
    expect(granted((await page(BUYER, rfqId, createdAt)).can)).toEqual(["attach", "cancel", "editDraft", "publish"]);
    expect(granted((await page(FINANCE, rfqId, createdAt)).can)).toEqual([]);
    expect((await responseOf(page(NORTHWIND_SALES, rfqId, createdAt))).status).toBe(404);
  });

  it("while open: the buyer invites, extends, cancels; each invited supplier quotes, asks or declines", async () => {
    await publishRfq(demo.as(BUYER, createdAt), { id: rfqId, version: await version(rfqId) });
    expect(granted((await page(BUYER, rfqId, during)).can)).toEqual([
      "attach",
      "cancel",
      "extendDeadline",
      "invite",
      "questions",
    ]);
    expect(granted((await page(FINANCE, rfqId, during)).can)).toEqual(["questions"]);
    const supplier = await page(NORTHWIND_SALES, rfqId, during);
    expect(granted(supplier.can)).toEqual(["ask", "decline", "questions", "quote", "saveDraft"]);
    expect(supplier.myInvitation?.declined).toBe(false);
  });

  it("after a quote the supplier revises or withdraws (no declining, no draft); after declining, quoting is still open", async () => {
    await submitQuote(demo.as(NORTHWIND_SALES, new Date(during.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["1.20"])),
    });
    const at = new Date(during.getTime() + 2 * MINUTE);
    expect(granted((await page(NORTHWIND_SALES, rfqId, at)).can)).toEqual(["ask", "questions", "quote", "withdraw"]);

    await declineInvitation(demo.as(GLOBEX_SALES, at), { rfqId, reason: "No capacity this quarter" });
    const globex = await page(GLOBEX_SALES, rfqId, new Date(at.getTime() + MINUTE));
    expect(globex.myInvitation?.declined).toBe(true);
    expect(granted(globex.can)).toEqual(["ask", "questions", "quote", "saveDraft"]);

    // Everyone has answered: the buyer may close early.
    expect((await page(BUYER, rfqId, new Date(at.getTime() + MINUTE))).can.close).toBe(true);
  });

  it("a withdrawn quote may be submitted again, or the invitation declined", async () => {
    const at = new Date(during.getTime() + 5 * MINUTE);
    const quote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
      .select("version")
      .executeTakeFirstOrThrow();
    await withdrawQuote(demo.as(NORTHWIND_SALES, at), { rfqId, version: quote.version });
    const after = await page(NORTHWIND_SALES, rfqId, new Date(at.getTime() + MINUTE));
    expect(granted(after.can)).toEqual(["ask", "decline", "questions", "quote"]);
    // Not everyone has answered any more: no early close.
    expect((await page(BUYER, rfqId, new Date(at.getTime() + MINUTE))).can.close).toBe(false);
    await submitQuote(demo.as(NORTHWIND_SALES, new Date(at.getTime() + 2 * MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["1.10"])),
    });
  });

  it("once closed: buyer and finance compare, only the buyer awards or cancels; suppliers may do nothing", async () => {
    const after = new Date(deadline.getTime() + MINUTE);
    await closeDueRfqs(t.db, after);
    expect(granted((await page(BUYER, rfqId, after)).can)).toEqual(["award", "cancel", "compare", "questions"]);
    expect(granted((await page(FINANCE, rfqId, after)).can)).toEqual(["compare", "questions"]);
    expect(granted((await page(NORTHWIND_SALES, rfqId, after)).can)).toEqual([]);
    expect(granted((await page(GLOBEX_SALES, rfqId, after)).can)).toEqual([]);
  });

  it("once awarded: the buying side reads the award; nothing is left to do to the RFQ", async () => {
    const at = new Date(deadline.getTime() + 2 * MINUTE);
    await awardRfq(demo.as(BUYER, at), { rfqId, supplierOrgId: demo.orgId(NORTHWIND), version: await version(rfqId) });
    expect(granted((await page(BUYER, rfqId, at)).can)).toEqual(["compare", "questions", "readAward"]);
    expect(granted((await page(FINANCE, rfqId, at)).can)).toEqual(["compare", "questions", "readAward"]);
    expect(granted((await page(NORTHWIND_SALES, rfqId, at)).can)).toEqual([]);
  });
});

describe("the RFQ list", () => {
  it("offers a supplier no draft status to filter by, and the buyer every status", () => {
    expect(rfqStatusOptions(demo.as(NORTHWIND_SALES))).not.toContain("draft");
    expect(rfqStatusOptions(demo.as(NORTHWIND_SALES))).toContain("open");
    expect(rfqStatusOptions(demo.as(BUYER))).toEqual(["draft", "open", "closed", "awarded", "cancelled"]);
  });

  it("marks an open invitation awaiting the supplier's answer, and only for the supplier", async () => {
    const at = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 300 * MINUTE);
    const created = await createRfq(
      demo.as(BUYER, at),
      rfqInput({
        title: "Flags: list",
        deadlineAt: new Date(at.getTime() + 60 * MINUTE),
        supplierIds: [demo.orgId(NORTHWIND)],
      }),
    );
    const row = async (email: string) =>
      (await listRfqPage(demo.as(email), { q: "Flags: list", at })).items.find((r) => r.id === created.id);
    expect((await row(NORTHWIND_SALES))?.awaitingAnswer).toBe(true);
    expect((await row(BUYER))?.awaitingAnswer).toBe(false);
    await declineInvitation(demo.as(NORTHWIND_SALES, at), { rfqId: created.id, reason: "Not our line of work" });
    expect((await row(NORTHWIND_SALES))?.awaitingAnswer).toBe(false);
  });
});
