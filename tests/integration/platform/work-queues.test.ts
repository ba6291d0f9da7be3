/**
 * The dashboard's work queues on the demo data, per role: the right items
 * (each a link to the page where it is done) and the right counts; a
 * supplier sees nothing of another supplier, not even a count; another
 * organisation sees nothing of Acme's. Also the buying organisation's
 * charts, and finance's approval queue with the facts to decide on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { fulfilmentQueues } from "../../../app/models/fulfilment/work-queue.server";
import { getPoPage, listApprovalQueue } from "../../../app/models/ordering/queries.server";
import { getAwardFacts, listApprovalQueueWithFacts } from "../../../app/models/sourcing/award-facts.server";
import { getSpendCharts } from "../../../app/models/ordering/spend.server";
import { orderingQueues } from "../../../app/models/ordering/work-queue.server";
import { adminQueues } from "../../../app/models/shared/admin-queue.server";
import type { Ctx } from "../../../app/models/shared/context.server";
import type { WorkQueue } from "../../../app/models/shared/work-queue";
import { sourcingQueues } from "../../../app/models/sourcing/work-queue.server";
import { rfqFromQueue } from "../../../app/models/sourcing/sourcing-queue.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import {
  ACME,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { draftPo, ONE_LINE, submitted } from "../../factories/purchasing";
import { award } from "../../../app/models/sourcing/award.server";
import { getOwnAward } from "../../../app/models/sourcing/own-award.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { createTestDb, type TestDb } from "../../support/test-db";
import { english, englishIn } from "../../support/english";
import { formatInstant } from "../../../app/utils/time";

const ADMIN = "admin@acme.test";
const DAY = 24 * 3_600_000;
/** A reader far from UTC: the queue's dates and times are said in the reader's zone. */
const inShanghai = englishIn("Asia/Shanghai");

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("work_queues");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

async function queuesOf(ctx: Ctx): Promise<Map<string, WorkQueue>> {
  const [sourcing, ordering, fulfilment, admin] = await Promise.all([
    sourcingQueues(ctx),
    orderingQueues(ctx),
    fulfilmentQueues(ctx),
    adminQueues(ctx),
  ]);
  return new Map([...sourcing, ...ordering, ...fulfilment, ...admin.queues].map((q) => [q.key, q]));
}

/** Each queue as "key: count [labels]", so a wrong item shows by name. */
function summary(queues: Map<string, WorkQueue>) {
  return Object.fromEntries(
    [...queues.values()].map((q) => [q.key, { count: q.count, items: q.items.map((i) => i.label) }]),
  );
}

const idOf = async (title: string) => (await demo.rfq(title)).id;
const poOf = async (rfqTitle: string) =>
  await demo.db
    .selectFrom("purchase_orders")
    .where("rfq_id", "=", await idOf(rfqTitle))
    .select(["id", "number"])
    .executeTakeFirstOrThrow();
/** The demo's call-off from Northwind's framework agreement in one state: one issued, one still a draft. */
const callOffIn = async (status: "draft" | "issued") =>
  await demo.db
    .selectFrom("purchase_orders")
    .where("agreement_id", "is not", null)
    .where("status", "=", status)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("requisition_lines").select("id").whereRef("po_id", "=", "purchase_orders.id"))),
    )
    .select(["id", "number"])
    .executeTakeFirstOrThrow();
/** The PO the demo requester's cable ties became, issued at once without a buyer. */
const requisitionPo = async () =>
  await demo.db
    .selectFrom("purchase_orders")
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("requisition_lines").select("id").whereRef("po_id", "=", "purchase_orders.id")),
    )
    .select(["id", "number"])
    .executeTakeFirstOrThrow();

describe("the buyer's queues", () => {
  it("drafts, open RFQs with how many quoted, ready to award, to receive, disputed invoices", async () => {
    const queues = await queuesOf(demo.as(BUYER, demo.now));
    const sourcing = await demo.db
      .selectFrom("requisition_lines")
      .innerJoin("requisitions", "requisitions.id", "requisition_lines.requisition_id")
      .where("requisition_lines.status", "=", "sourcing")
      .select(["requisitions.number"])
      .executeTakeFirstOrThrow();
    expect(summary(queues)).toEqual({
      // The demo requester's free-text line, waiting in the buyers' sourcing queue.
      "sourcing-lines": { count: 1, items: [`Mechanical seal 35 mm (${sourcing.number})`] },
      "rfq-drafts": { count: 1, items: ["Ergonomic office chairs"] },
      "rfqs-open": { count: 1, items: ["Aluminium brackets, batch 7"] },
      // Its deadline passed; the scheduler has not closed it yet (the seed runs no scheduler).
      "rfqs-to-close": { count: 1, items: ["Safety gloves, Q1 supply"] },
      "rfqs-to-award": { count: 0, items: [] },
      // The draft call-off from the framework agreement.
      "pos-to-submit": { count: 1, items: [(await callOffIn("draft")).number] },
      "pos-rejected": { count: 0, items: [] },
      "pos-to-receive": { count: 1, items: [(await poOf("Hydraulic fittings")).number] },
      "invoices-disputed": { count: 1, items: ["NW-2026-0417"] },
    });
    const brackets = await demo.db
      .selectFrom("rfqs")
      .where("title", "=", "Aluminium brackets, batch 7")
      .select("deadline")
      .executeTakeFirstOrThrow();
    expect(inShanghai(queues.get("rfqs-open")?.items[0].detail ?? "")).toBe(
      `1 of 2 quoted · deadline ${formatInstant(brackets.deadline, "Asia/Shanghai")}`,
    );
    const chairs = await demo.db
      .selectFrom("rfqs")
      .where("title", "=", "Ergonomic office chairs")
      .select("updated_at")
      .executeTakeFirstOrThrow();
    expect(inShanghai(queues.get("rfq-drafts")?.items[0].detail ?? "")).toBe(
      `Last saved ${formatInstant(chairs.updated_at, "Asia/Shanghai")}`,
    );
    expect(english(queues.get("sourcing-lines")?.items[0].detail ?? "")).toMatch(
      /^[\d,.]+ \S+ · wanted by \d{4}-\d{2}-\d{2}$/,
    );
    expect(queues.get("rfq-drafts")?.items[0].href).toBe(`/rfqs/${await idOf("Ergonomic office chairs")}/edit`);
    expect(queues.get("sourcing-lines")?.items[0].href).toBe("/sourcing");
    expect(queues.get("sourcing-lines")?.more).toEqual({ href: "/sourcing", label: "The sourcing queue" });
    expect(queues.get("rfqs-open")?.items[0].href).toBe(`/rfqs/${await idOf("Aluminium brackets, batch 7")}`);
    expect(queues.get("rfqs-to-close")?.items[0].href).toBe(`/rfqs/${await idOf("Safety gloves, Q1 supply")}`);
    expect(queues.get("pos-to-receive")?.items[0].href).toBe(`/pos/${(await poOf("Hydraulic fittings")).id}`);
    expect(queues.get("pos-to-submit")?.items[0].href).toBe(`/pos/${(await callOffIn("draft")).id}`);
    // Once an RFQ takes the line it leaves the queue, and the draft waits to be published instead.
    const [line] = queues.get("sourcing-lines")?.items ?? [];
    await rfqFromQueue(demo.as(BUYER, demo.now), { lineIds: [line.id] });
    const after = summary(await queuesOf(demo.as(BUYER, demo.now)));
    expect(after["sourcing-lines"]).toEqual({ count: 0, items: [] });
    expect(after["rfq-drafts"].count).toBe(2);
  });

  it("open RFQs past their deadline wait to be closed, closed ones to be awarded; a new draft PO to be submitted", async () => {
    const later = new Date(demo.now.getTime() + 8 * DAY);
    const before = await queuesOf(demo.as(BUYER, later));
    expect(summary(before)["rfqs-to-close"]).toEqual({
      count: 2,
      items: ["Safety gloves, Q1 supply", "Aluminium brackets, batch 7"],
    });
    expect(summary(before)["rfqs-open"]).toEqual({ count: 0, items: [] });

    await closeDueRfqs(demo.db, demo.now);
    const closed = await queuesOf(demo.as(BUYER, demo.now));
    expect(summary(closed)["rfqs-to-close"]).toEqual({ count: 0, items: [] });
    expect(summary(closed)["rfqs-to-award"]).toEqual({ count: 1, items: ["Safety gloves, Q1 supply"] });
    expect(closed.get("rfqs-to-award")?.items[0]).toMatchObject({
      href: `/rfqs/${await idOf("Safety gloves, Q1 supply")}/compare`,
    });
    const gloves = await demo.db
      .selectFrom("rfqs")
      .where("title", "=", "Safety gloves, Q1 supply")
      .select("closed_at")
      .executeTakeFirstOrThrow();
    expect(inShanghai(closed.get("rfqs-to-award")?.items[0].detail ?? "")).toBe(
      `2 quotes · closed ${formatInstant(gloves.closed_at ?? "", "Asia/Shanghai")}`,
    );

    const poId = await draftPo(demo, ONE_LINE("10"), ["3.00"]);
    const after = await queuesOf(demo.as(BUYER));
    expect(after.get("pos-to-submit")?.count).toBe(2);
    expect(after.get("pos-to-submit")?.items.map((i) => i.href)).toContain(`/pos/${poId}`);
    // The RFQ it came from was awarded, so it is in no RFQ queue.
    expect(after.get("rfqs-to-award")?.count).toBe(1);
  });
});

describe("finance's queues", () => {
  it("POs to approve with the amount, matched invoices, disputed ones, invoices due this week", async () => {
    const queues = await queuesOf(demo.as(FINANCE, demo.now));
    const packaging = await poOf("Packaging material");
    expect(summary(queues)).toEqual({
      "pos-to-approve": { count: 1, items: [packaging.number] },
      "invoices-to-approve": { count: 0, items: [] },
      "invoices-disputed": { count: 1, items: ["NW-2026-0417"] },
      "invoices-due": { count: 0, items: [] },
      "bank-changes": { count: 0, items: [] },
    });
    expect(inShanghai(queues.get("pos-to-approve")?.items[0].detail ?? "")).toMatch(
      /^Globex Industrial · \d{1,3}(,\d{3})*\.\d\d EUR · submitted \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai$/,
    );
  });

  it("an invoice due within the week is listed; one due later is not", async () => {
    await demo.db
      .updateTable("invoices")
      .set({ due_on: new Date(demo.now.getTime() + 3 * DAY).toISOString().slice(0, 10), status: "matched" })
      .where("invoice_number", "=", "NW-2026-0417")
      .execute();
    try {
      const queues = await queuesOf(demo.as(FINANCE, demo.now));
      expect(summary(queues)["invoices-due"]).toEqual({ count: 1, items: ["NW-2026-0417"] });
      const due = new Date(demo.now.getTime() + 3 * DAY).toISOString().slice(0, 10);
      // A due day is a calendar day: the same in every zone.
      expect(inShanghai(queues.get("invoices-due")?.items[0].detail ?? "")).toMatch(
        new RegExp(`^Northwind Components · PO PO-\\d{4}-\\d+ · [\\d,]+\\.\\d\\d EUR · due ${due}$`),
      );
      expect(summary(queues)["invoices-to-approve"]).toEqual({ count: 1, items: ["NW-2026-0417"] });
      expect(
        (await queuesOf(demo.as(FINANCE, new Date(demo.now.getTime() - 10 * DAY)))).get("invoices-due")?.count,
      ).toBe(0);
    } finally {
      await demo.db
        .updateTable("invoices")
        .set({ due_on: new Date(demo.now.getTime() + 30 * DAY).toISOString().slice(0, 10), status: "disputed" })
        .where("invoice_number", "=", "NW-2026-0417")
        .execute();
    }
  });

  it("the approval queue says which threshold asks for the approval, and the RFQ and justification behind it", async () => {
    const [packaging] = await listApprovalQueue(demo.as(FINANCE, demo.now));
    expect(english(packaging.rule)).toBe(
      "Threshold one (1,000.00 EUR) reached, below threshold two (25,000.00 EUR): one approval.",
    );
    expect(english(packaging.inPolicyText ?? "")).toMatch(/^[\d,]+\.\d\d EUR$/);
    expect(packaging.rfq).toMatchObject({ id: await idOf("Packaging material"), title: "Packaging material" });
  });
});

describe("a supplier's queues", () => {
  it("Northwind: its invitations, POs to acknowledge, deliveries due and its disputed invoice", async () => {
    const queues = await queuesOf(demo.as(NORTHWIND_SALES, demo.now));
    expect([...queues.keys()].sort()).toEqual(
      [
        "change-orders",
        "deliveries-due",
        "invitations",
        "invoices-disputed",
        "pos-to-acknowledge",
        "questions-answered",
      ].sort(),
    );
    const s = summary(queues);
    // It quoted on the brackets already; Initech's invitation is still to answer.
    expect(s.invitations.items).not.toContain("Aluminium brackets, batch 7");
    expect(s["pos-to-acknowledge"]).toEqual({
      count: 3,
      items: [
        (await poOf("Cable harnesses, line 2")).number,
        (await callOffIn("issued")).number,
        (await requisitionPo()).number,
      ],
    });
    expect(s["deliveries-due"]).toEqual({ count: 1, items: [(await poOf("Hydraulic fittings")).number] });
    expect(s["invoices-disputed"]).toEqual({ count: 1, items: ["NW-2026-0417"] });
    expect(s["change-orders"]).toEqual({ count: 0, items: [] });
    expect(english(queues.get("pos-to-acknowledge")?.items[0].detail ?? "")).toMatch(
      new RegExp(`^${ACME} · [\\d,]+\\.\\d\\d [A-Z]{3}( · due \\d{4}-\\d{2}-\\d{2})?$`),
    );
  });

  it("Globex sees nothing of Northwind's: not its POs, invoices or invitations, not even counts", async () => {
    const queues = await queuesOf(demo.as(GLOBEX_SALES, demo.now));
    const s = summary(queues);
    expect(s.invitations).toEqual({ count: 1, items: ["Aluminium brackets, batch 7"] });
    expect(queues.get("invitations")?.items[0].href).toBe(`/rfqs/${await idOf("Aluminium brackets, batch 7")}/quote`);
    expect(s["pos-to-acknowledge"].count).toBe(0);
    expect(s["deliveries-due"].count).toBe(0);
    expect(s["invoices-disputed"].count).toBe(0);
    const text = JSON.stringify([...queues.values()]);
    expect(text).not.toContain("Northwind");
    expect(text).not.toContain("NW-2026-0417");
    expect(await getSpendCharts(demo.as(GLOBEX_SALES, demo.now))).toBeNull();
  });
});

describe("another organisation", () => {
  it("Initech's buyer sees only Initech's RFQ and nothing of Acme's", async () => {
    const queues = await queuesOf(demo.as(INITECH_BUYER, demo.now));
    expect(summary(queues)).toEqual({
      "sourcing-lines": { count: 0, items: [] },
      "rfq-drafts": { count: 0, items: [] },
      "rfqs-open": { count: 1, items: ["Printer paper, annual supply"] },
      "rfqs-to-close": { count: 0, items: [] },
      "rfqs-to-award": { count: 0, items: [] },
      "pos-to-submit": { count: 0, items: [] },
      "pos-rejected": { count: 0, items: [] },
      "pos-to-receive": { count: 0, items: [] },
      "invoices-disputed": { count: 0, items: [] },
    });
    const charts = await getSpendCharts(demo.as(INITECH_BUYER, demo.now));
    expect(charts?.byStatus).toEqual([]);
    expect(charts?.weeks.every((w) => w.amount === "0.00")).toBe(true);
    expect(JSON.stringify([...queues.values()])).not.toContain(ACME);
    expect(INITECH).toBe("Initech");
  });
});

describe("the admin's dashboard", () => {
  it("counts the organisation's people and its failed mails, never another organisation's", async () => {
    const acme = demo.orgId(ACME);
    const initech = demo.orgId(INITECH);
    await demo.db
      .insertInto("email_outbox")
      .values([
        {
          org_id: acme,
          to_address: "gone@example.test",
          subject: "Acme mail that failed",
          text_body: "x",
          status: "failed",
        },
        {
          org_id: initech,
          to_address: "gone@example.test",
          subject: "Initech mail that failed",
          text_body: "x",
          status: "failed",
        },
      ])
      .execute();
    const { people, queues } = await adminQueues(demo.as(ADMIN, demo.now));
    const members = await demo.db.selectFrom("memberships").where("org_id", "=", acme).select("id").execute();
    expect(people).toBe(members.length);
    expect(queues.map((q) => [q.key, q.count, q.items.map((i) => i.label)])).toEqual([
      ["outbox-failed", 1, ["Acme mail that failed"]],
    ]);
    expect((await adminQueues(demo.as(BUYER, demo.now))).people).toBeNull();
    expect(summary(await queuesOf(demo.as(ADMIN, demo.now)))).toEqual({
      "outbox-failed": { count: 1, items: ["Acme mail that failed"] },
    });
  });
});

describe("the buying organisation's charts", () => {
  it("spend this quarter by week adds up to the POs issued this quarter; open value by status to the open POs", async () => {
    const now = demo.now;
    const charts = await getSpendCharts(demo.as(FINANCE, now));
    if (!charts) throw new Error("finance sees the charts");
    const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
    const issued = await demo.db
      .selectFrom("purchase_orders")
      .where("buyer_org_id", "=", demo.orgId(ACME))
      .where("issued_at", ">=", quarterStart)
      .where("status", "not in", ["cancelled", "declined"])
      .select("total")
      .execute();
    const cents = (amounts: string[]) => amounts.reduce((sum, a) => sum + Math.round(Number(a) * 100), 0);
    expect(issued.length).toBeGreaterThan(0);
    expect(cents(charts.weeks.map((w) => w.amount))).toBe(cents(issued.map((p) => p.total)));
    // Every week of the quarter so far, Mondays, in order.
    expect(charts.weeks.every((w) => new Date(`${w.week}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(charts.currency).toBe("EUR");
    const packaging = await demo.db
      .selectFrom("purchase_orders")
      .where("id", "=", (await poOf("Packaging material")).id)
      .select("total")
      .executeTakeFirstOrThrow();
    expect(charts.byStatus.find((s) => s.status === "pending_approval")).toEqual({
      status: "pending_approval",
      amount: packaging.total,
      count: 1,
    });
  });
});

describe("approval with the facts", () => {
  it("finance reads the RFQ, every landed total, the justification, the amount in policy currency and the rule", async () => {
    const [entry] = await listApprovalQueueWithFacts(demo.as(FINANCE, demo.now));
    const packaging = await poOf("Packaging material");
    expect(entry.number).toBe(packaging.number);
    expect(entry.comparisonCurrency).toBe("EUR");
    expect(entry.competitors.map((c) => [c.supplierName, c.lowest, c.thisOrder])).toEqual(
      expect.arrayContaining([
        ["Globex Industrial", true, true],
        ["Northwind Components", false, false],
      ]),
    );
    expect(entry.competitors.every((c) => /^\d+\.\d\d$/.test(c.landedTotal ?? ""))).toBe(true);

    const page = await getPoPage(demo.as(FINANCE, demo.now), { id: packaging.id });
    expect(english(page.approvalFacts?.rule ?? "")).toBe(
      "Threshold one (1,000.00 EUR) reached, below threshold two (25,000.00 EUR): one approval.",
    );
    expect(page.approvalFacts).toMatchObject({
      rfq: { title: "Packaging material", justification: null },
    });
    const facts = await getAwardFacts(demo.as(FINANCE, demo.now), {
      rfqId: await idOf("Packaging material"),
      supplierOrgId: page.po.supplier_org_id,
    });
    expect(facts?.competitors.find((c) => c.thisOrder)?.supplierName).toBe("Globex Industrial");
  });

  it("a supplier learns nothing of the policy, the RFQ's comparison or the justification", async () => {
    const cable = await poOf("Cable harnesses, line 2");
    const page = await getPoPage(demo.as(NORTHWIND_SALES, demo.now), { id: cable.id });
    expect(page.approvalFacts).toBeNull();
    // Globex quoted on that RFQ and lost: it may read the RFQ, never its comparison.
    expect(
      await getAwardFacts(demo.as(GLOBEX_SALES, demo.now), {
        rfqId: await idOf("Cable harnesses, line 2"),
        supplierOrgId: "",
      }),
    ).toBeNull();
    // The admin reads the PO but may not compare: no comparison either.
    expect(
      await getAwardFacts(demo.as(ADMIN, demo.now), {
        rfqId: await idOf("Cable harnesses, line 2"),
        supplierOrgId: "",
      }),
    ).toBeNull();
    expect(
      (
        await responseOf(
          getAwardFacts(demo.as(INITECH_BUYER, demo.now), {
            rfqId: await idOf("Packaging material"),
            supplierOrgId: "",
          }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("neighbours", () => {
  it("a PO names the RFQ it came from to whoever may read that RFQ", async () => {
    const cable = await poOf("Cable harnesses, line 2");
    const rfqId = await idOf("Cable harnesses, line 2");
    expect((await getPoPage(demo.as(BUYER, demo.now), { id: cable.id })).rfq).toMatchObject({ id: rfqId });
    expect((await getPoPage(demo.as(NORTHWIND_SALES, demo.now), { id: cable.id })).rfq).toMatchObject({
      id: rfqId,
      title: "Cable harnesses, line 2",
    });
  });
});

describe("a partial award on the supplier's RFQ page", () => {
  it("names the lines each bidder won, links its PO once issued, and never the other bidder's", async () => {
    const MINUTE = 60_000;
    const start = new Date(demo.now.getTime() + 60 * MINUTE);
    const deadline = new Date(start.getTime() + 60 * MINUTE);
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Split award test",
        lines: [
          { itemName: "Washer M8", specification: "DIN 125", quantity: "100", unit: "pcs" },
          { itemName: "Spring pin 4x20", specification: "ISO 8752", quantity: "50", unit: "pcs" },
        ],
        deadlineAt: deadline,
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      },
      start,
    );
    await submitQuote(demo.as(NORTHWIND_SALES, new Date(start.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(demo.db, rfqId, ["0.10", "0.90"])),
    });
    await submitQuote(demo.as(GLOBEX_SALES, new Date(start.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(demo.db, rfqId, ["0.20", "0.50"])),
    });
    await closeDueRfqs(demo.db, new Date(deadline.getTime() + 1_000));
    const lines = await demo.db
      .selectFrom("rfq_lines")
      .where("rfq_id", "=", rfqId)
      .select("id")
      .orderBy("position")
      .execute();
    const { version } = await demo.rfq("Split award test");
    const { purchaseOrders } = await award(demo.as(BUYER, new Date(deadline.getTime() + 2_000)), {
      rfqId,
      version,
      choice: {
        mode: "lines",
        lines: [
          { rfqLineId: lines[0].id, supplierOrgId: demo.orgId(NORTHWIND) },
          { rfqLineId: lines[1].id, supplierOrgId: demo.orgId(GLOBEX) },
        ],
      },
    });
    const northwind = await getOwnAward(demo.as(NORTHWIND_SALES), { rfqId });
    expect(northwind).toEqual({
      partial: true,
      lines: [expect.objectContaining({ position: 1, item_name: "Washer M8" })],
      // Not issued yet: the supplier may not open its PO.
      purchaseOrders: [],
    });
    const nwPo = purchaseOrders.find((p) => p.supplierOrgId === demo.orgId(NORTHWIND));
    if (!nwPo) throw new Error("Northwind has a PO");
    // Below threshold one: submitting issues it without an approval.
    await submitted(demo, nwPo.id);
    const issued = await getOwnAward(demo.as(NORTHWIND_SALES), { rfqId });
    expect(issued?.purchaseOrders).toEqual([{ id: nwPo.id, number: nwPo.number }]);
    const globex = await getOwnAward(demo.as(GLOBEX_SALES), { rfqId });
    expect(globex?.lines.map((l) => l.item_name)).toEqual(["Spring pin 4x20"]);
    expect(globex?.purchaseOrders).toEqual([]);
    expect(await getOwnAward(demo.as(BUYER), { rfqId })).toBeNull();
  });
});
