/**
 * The PO page and finance's approval queue read the comparison behind a PO
 * from the summary its award kept, so the number of queries they make does
 * not grow with the quotes on the RFQ, nor the queue's with the POs in it
 * (counted with a Kysely plugin, as bench/comparison.ts counts). What they
 * show is what the comparison itself says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getPoPage } from "../../../app/models/ordering/queries.server";
import type { Ctx } from "../../../app/models/shared/context.server";
import {
  getAwardFacts,
  listApprovalQueueWithFacts,
  summariseComparison,
} from "../../../app/models/sourcing/award-facts.server";
import { getComparison } from "../../../app/models/sourcing/comparison.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { awardRfq } from "../../factories/award";
import {
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { submitted } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("po_page_queries");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

const MINUTE = 60_000;
let counter = 0;

/** An RFQ of `lines` lines quoted by the given suppliers, closed and awarded whole to the first: its PO's id. */
async function awardedPo(lines: number, quoting: [org: string, email: string][]): Promise<string> {
  counter += 1;
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + counter * 10 * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const rfqId = await publishedRfq(
    demo,
    {
      title: `Query count ${counter}`,
      lines: Array.from({ length: lines }, (_, i) => ({
        itemName: `Part ${i + 1}`,
        specification: "",
        // Enough for an approval (threshold one is 1,000.00 EUR).
        quantity: "1000",
        unit: "pcs",
      })),
      deadlineAt: deadline,
      supplierIds: quoting.map(([org]) => demo.orgId(org)),
    },
    createdAt,
  );
  for (const [index, [, email]] of quoting.entries()) {
    await submitQuote(demo.as(email, new Date(createdAt.getTime() + MINUTE)), {
      rfqId,
      // The first supplier is the cheapest, so the award needs no justification.
      ...(await quoteInput(
        demo.db,
        rfqId,
        Array.from({ length: lines }, () => `${10 + index}.00`),
      )),
    });
  }
  await closeDueRfqs(demo.db, new Date(deadline.getTime() + 1_000));
  const rfq = await demo.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
  const { poId } = await awardRfq(demo.as(BUYER, new Date(deadline.getTime() + 2_000)), {
    rfqId,
    supplierOrgId: demo.orgId(quoting[0][0]),
    version: rfq.version,
  });
  return poId;
}

/** Runs `work` with a context whose database counts the queries sent through it. */
async function counted<T>(ctx: Ctx, work: (ctx: Ctx) => Promise<T>): Promise<{ queries: number; result: T }> {
  let queries = 0;
  const db = ctx.db.withPlugin({
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  const result = await work({ ...ctx, db });
  return { queries, result };
}

const ONE: [string, string][] = [[NORTHWIND, NORTHWIND_SALES]];
const TWO: [string, string][] = [
  [GLOBEX, GLOBEX_SALES],
  [NORTHWIND, NORTHWIND_SALES],
];

describe("the PO page's queries", () => {
  it("stay the same whether the RFQ had one quote on one line or two quotes on thirty lines", async () => {
    const small = await awardedPo(1, ONE);
    const large = await awardedPo(30, TWO);
    await submitted(demo, small);
    await submitted(demo, large);
    const view = (id: string) => counted(demo.as(FINANCE), (ctx) => getPoPage(ctx, { id }));
    const [a, b] = [await view(small), await view(large)];
    expect(a.result.awardFacts?.competitors).toHaveLength(1);
    expect(b.result.awardFacts?.competitors).toHaveLength(2);
    expect(b.queries).toBe(a.queries);
    // The whole page, facts included: a comparison alone used to take ten.
    expect(b.queries).toBeLessThanOrEqual(16);
    expect(b.result.awardFactsNotKept).toBe(false);
  });

  it("show what the comparison says, for an issued PO as for one awaiting approval", async () => {
    const poId = await awardedPo(2, TWO);
    const before = await getPoPage(demo.as(FINANCE), { id: poId });
    await submitted(demo, poId, [FINANCE]);
    const issued = await getPoPage(demo.as(FINANCE), { id: poId });
    expect(issued.po.status).toBe("issued");
    const rfqId = issued.po.rfq_id as string;
    const live = summariseComparison(await getComparison(demo.as(FINANCE), { rfqId }));
    const expected = live.competitors.map((c) => ({ ...c, thisOrder: c.supplierOrgId === demo.orgId(GLOBEX) }));
    for (const page of [before, issued]) {
      expect(page.awardFacts?.rfq.currency).toBe(live.currency);
      expect(page.awardFacts?.competitors).toEqual(expected);
    }
    expect(issued.awardFacts?.competitors.find((c) => c.thisOrder)).toMatchObject({ lowest: true });
    // The buyer reads them too; the supplier never does.
    expect((await getPoPage(demo.as(BUYER), { id: poId })).awardFacts?.competitors).toEqual(expected);
    expect((await getPoPage(demo.as(GLOBEX_SALES), { id: poId })).awardFacts).toBeNull();
  });

  it("for an award made before summaries were kept, the comparison is worked out as before", async () => {
    const poId = await awardedPo(2, TWO);
    const rfqId = (await getPoPage(demo.as(FINANCE), { id: poId })).po.rfq_id as string;
    const kept = await getAwardFacts(demo.as(FINANCE), { rfqId, supplierOrgId: demo.orgId(GLOBEX) });
    await demo.db.deleteFrom("rfq_award_summaries").where("rfq_id", "=", rfqId).execute();
    const page = await getPoPage(demo.as(FINANCE), { id: poId });
    expect(page.awardFactsNotKept).toBe(true);
    expect(page.awardFacts).toBeNull();
    expect(await getAwardFacts(demo.as(FINANCE), { rfqId, supplierOrgId: demo.orgId(GLOBEX) })).toEqual(kept);
  });
});

describe("the approval queue's queries", () => {
  it("stay the same as POs from more RFQs wait in it", async () => {
    // The controller approves: the buyer made every PO, finance@ approves some of them in other tests.
    const queue = () => counted(demo.as(CONTROLLER), (ctx) => listApprovalQueueWithFacts(ctx));
    const first = await queue();
    for (let i = 0; i < 3; i++) await submitted(demo, await awardedPo(2 + i, i % 2 ? ONE : TWO));
    const later = await queue();
    expect(later.result.length).toBe(first.result.length + 3);
    expect(later.queries).toBe(first.queries);
    expect(later.queries).toBeLessThanOrEqual(2);
    const withFacts = later.result.filter((p) => p.competitors.length > 0);
    expect(withFacts.length).toBeGreaterThanOrEqual(3);
    for (const p of withFacts) {
      expect(p.comparisonCurrency).toMatch(/^[A-Z]{3}$/);
      expect(p.competitors.filter((c) => c.thisOrder)).toHaveLength(1);
      expect(p).not.toHaveProperty("awardSource");
    }
  });
});
