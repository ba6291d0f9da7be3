/**
 * Sealed bids (DESIGN.md rule 1) on the demo data: nobody but the quoting
 * supplier sees a quote's prices before the RFQ closes, a supplier never
 * sees a competitor, each organisation sees only its own RFQs, and every
 * refused attempt to read sealed quotes lands in the audit log.
 */
import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listQuestions } from "../../../app/models/sourcing/question.server";
import { getComparison } from "../../../app/models/sourcing/comparison.server";
import { readSealedQuotes } from "../../../app/models/sourcing/sealed.server";
import { getOwnQuoteForm, submitQuote, withdrawQuote } from "../../../app/models/sourcing/quote-submission.server";
import { getOwnRevisionHistory } from "../../../app/models/sourcing/quote-history.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { getRfqPage, listRfqPage, listRfqs } from "../../../app/models/sourcing/rfq-queries.server";
import { loadRfqFor } from "../../../app/models/sourcing/rfq.server";
import { FormError } from "../../../app/utils/errors";
import {
  ACME,
  auditOf,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  rfqInput,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const OPEN = "Aluminium brackets, batch 7";
const GLOVES = "Safety gloves, Q1 supply";
const DAY = 86_400_000;

/** Northwind's seeded quote on the open RFQ: unit prices and what follows from them. */
const NORTHWIND_OPEN_PRICES = ["1.85", "0.12"];

let t: TestDb;
let demo: Demo;
/** Decimal amounts that must not appear anywhere in what a non-owner receives while sealed. */
let sealedAmounts: Decimal[];

beforeAll(async () => {
  t = await createTestDb("sealed_bids");
  demo = await seededDemo(t.db);
  const open = await demo.rfq(OPEN);
  const lines = await t.db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", open.id)
    .select("quantity")
    .orderBy("position")
    .execute();
  const totals = lines.map((l, i) => new Decimal(l.quantity).times(NORTHWIND_OPEN_PRICES[i]));
  sealedAmounts = [...NORTHWIND_OPEN_PRICES.map((p) => new Decimal(p)), ...totals, Decimal.sum(...totals)];
  // 2500 × 1.85 + 5000 × 0.12
  expect(Decimal.sum(...totals).toFixed(2)).toBe("5225.00");
});

afterAll(async () => {
  await t?.destroy();
});

/** Every string and number anywhere inside `value`. */
function leaves(value: unknown, out: (string | number)[] = []): (string | number)[] {
  if (typeof value === "string" || typeof value === "number") out.push(value);
  else if (value instanceof Date || value === null || value === undefined) return out;
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (typeof value === "object") for (const v of Object.values(value)) leaves(v, out);
  return out;
}

/** Fails when any leaf of `value` is one of the sealed amounts, however it is written ("1.85", "1.8500", 1.85). */
function expectNoSealedAmount(value: unknown): void {
  const json = JSON.stringify(value);
  expect(json).not.toMatch(/"1\.850*"/);
  expect(json).not.toContain("5225");
  for (const leaf of leaves(value)) {
    const text = String(leaf).trim();
    if (!/^-?\d+(\.\d+)?$/.test(text)) continue;
    for (const amount of sealedAmounts) {
      expect(new Decimal(text).equals(amount), `found sealed amount ${text} in ${json}`).toBe(false);
    }
  }
}

async function refusedReads(rfqId: string) {
  return (await auditOf(t.db, rfqId)).filter((e) => e.event === "SEALED_READ_REFUSED");
}

describe("while the RFQ is open", () => {
  it("refuses the buyer's comparison with a 403 and logs the attempt", async () => {
    const rfq = await demo.rfq(OPEN);
    const buyer = demo.actor(BUYER);
    const before = await auditOf(t.db, rfq.id);

    const refused = await responseOf(readSealedQuotes(demo.as(BUYER), { rfqId: rfq.id }));
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/sealed until the RFQ closes/);
    expectNoSealedAmount(refused.text);

    const after = await auditOf(t.db, rfq.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({
      event: "SEALED_READ_REFUSED",
      entity_type: "rfq",
      entity_id: rfq.id,
      actor_id: buyer.userId,
      org_id: buyer.orgId,
      data: { where: "compare", role: "buyer" },
    });
    expect(after.some((e) => e.event === "QUOTES_COMPARED")).toBe(false);
  });

  it("refuses finance too, and logs it", async () => {
    const rfq = await demo.rfq(OPEN);
    const before = (await refusedReads(rfq.id)).length;
    expect((await responseOf(readSealedQuotes(demo.as(FINANCE), { rfqId: rfq.id }))).status).toBe(403);
    const refused = await refusedReads(rfq.id);
    expect(refused).toHaveLength(before + 1);
    expect(refused[refused.length - 1]).toMatchObject({
      actor_id: demo.actor(FINANCE).userId,
      data: { role: "finance" },
    });
  });

  it("refuses a supplier's comparison (403 or 404)", async () => {
    const rfq = await demo.rfq(OPEN);
    const globex = demo.actor(GLOBEX_SALES);
    const before = (await refusedReads(rfq.id)).length;

    const refused = await responseOf(readSealedQuotes(demo.as(GLOBEX_SALES), { rfqId: rfq.id }));
    expect(refused.status).toBe(403);
    expectNoSealedAmount(refused.text);
    expect(refused.text).not.toContain(NORTHWIND);
    const logged = await refusedReads(rfq.id);
    expect(logged).toHaveLength(before + 1);
    expect(logged[logged.length - 1]).toMatchObject({ actor_id: globex.userId, data: { role: "supplier,admin" } });
  });

  it("shows Globex its own (empty) quote form and nothing of Northwind's", async () => {
    const rfq = await demo.rfq(OPEN);
    const form = await getOwnQuoteForm(demo.as(GLOBEX_SALES), { rfqId: rfq.id });
    expect(form.quote).toBeNull();
    expect(form.revision).toBeNull();
    expect(form.prices).toEqual({});
    expectNoSealedAmount(form);
    expect(JSON.stringify(form)).not.toContain(demo.orgId(NORTHWIND));

    // Northwind, on the other hand, gets its own prices back.
    const own = await getOwnQuoteForm(demo.as(NORTHWIND_SALES), { rfqId: rfq.id });
    expect(own.quote?.supplier_org_id).toBe(demo.orgId(NORTHWIND));
    expect(own.revision?.subtotal).toBe("5225.00");
    expect(
      Object.values(own.prices)
        .map((p) => new Decimal(p.unitPrice ?? "NaN").toString())
        .sort(),
    ).toEqual(["0.12", "1.85"]);
  });

  it("gives the buyer who was invited and where each stands, but no price", async () => {
    const rfq = await demo.rfq(OPEN);
    const page = await getRfqPage(demo.as(BUYER, demo.now), { id: rfq.id });
    expect(page.supplierView).toBe(false);
    expect(page.rfq.status).toBe("open");
    expect(page.canCompare).toBe(false);
    const invitations = (page.invitations ?? []).map((i) => ({
      name: i.supplierName,
      status: i.status,
      answered: i.answered_at !== null,
    }));
    expect(invitations).toEqual([
      { name: GLOBEX, status: expect.stringMatching(/^(invited|viewed)$/), answered: false },
      { name: NORTHWIND, status: "submitted", answered: true },
    ]);
    expectNoSealedAmount(page);
  });

  it("hides another organisation's RFQ from Initech's buyer as if it did not exist", async () => {
    const rfq = await demo.rfq(OPEN);
    for (const action of ["read", "compare", "award"] as const) {
      const refused = await responseOf(loadRfqFor(demo.as(INITECH_BUYER), rfq.id, action));
      expect(refused.status).toBe(404);
      expect(refused.text).toBe("No such RFQ.");
    }
    expect((await responseOf(readSealedQuotes(demo.as(INITECH_BUYER), { rfqId: rfq.id }))).status).toBe(404);
    expect((await responseOf(getRfqPage(demo.as(INITECH_BUYER, demo.now), { id: rfq.id }))).status).toBe(404);
  });

  it("lists no Acme RFQ to Initech's buyer", async () => {
    const list = await listRfqs(demo.as(INITECH_BUYER));
    const acmeIds = new Set(
      (await t.db.selectFrom("rfqs").where("org_id", "=", demo.orgId(ACME)).select("id").execute()).map((r) => r.id),
    );
    expect(acmeIds.size).toBeGreaterThan(0);
    expect(list.map((r) => r.title)).toEqual(["Printer paper, annual supply"]);
    expect(list.filter((r) => acmeIds.has(r.id))).toEqual([]);
    expect(new Set(list.map((r) => r.buyerName))).toEqual(new Set([INITECH]));
  });

  it("lists to Globex exactly the published RFQs it is invited to, never a draft", async () => {
    // A draft that already names Globex: still not Globex's business.
    const draft = await createRfq(
      demo.as(BUYER, demo.now),
      rfqInput({
        title: "Draft naming Globex",
        deadlineAt: new Date(demo.now.getTime() + 20 * DAY),
        supplierIds: [demo.orgId(GLOBEX)],
        intent: "save",
      }),
    );
    expect(draft.status).toBe("draft");

    const globex = demo.actor(GLOBEX_SALES);
    const list = await listRfqs(demo.as(GLOBEX_SALES));
    const expected = await t.db
      .selectFrom("rfqs")
      .innerJoin("rfq_invitations", "rfq_invitations.rfq_id", "rfqs.id")
      .where("rfq_invitations.supplier_org_id", "=", globex.orgId)
      .where("rfqs.status", "!=", "draft")
      .select("rfqs.id")
      .execute();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(list.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(list.some((r) => r.status === "draft")).toBe(false);
    expect(list.map((r) => r.id)).not.toContain(draft.id);
    expect(list.map((r) => r.title)).not.toContain("Printer paper, annual supply");
    for (const item of list) expect(item.invitationStatus).not.toBeNull();

    // And the draft cannot be opened directly either.
    expect((await responseOf(loadRfqFor(demo.as(GLOBEX_SALES), draft.id))).status).toBe(404);
  });
});

describe("a supplier or buyer probing with other ids while the RFQ is open", () => {
  it("gives Globex no revision history, list row, question or answer that reveals Northwind", async () => {
    const rfq = await demo.rfq(OPEN);
    const globex = demo.actor(GLOBEX_SALES);
    const history = await getOwnRevisionHistory(actingAs(t.db, globex), { rfqId: rfq.id });
    expect(history).toEqual({ quote: null, revisions: [] });
    const questions = await listQuestions(demo.as(GLOBEX_SALES), {
      rfqId: rfq.id,
    });
    const page = await listRfqPage(demo.as(GLOBEX_SALES), { q: "brackets" });
    for (const seen of [questions, page]) {
      expectNoSealedAmount(seen);
      expect(JSON.stringify(seen)).not.toContain(NORTHWIND);
      expect(JSON.stringify(seen)).not.toContain(demo.orgId(NORTHWIND));
    }
  });

  it("refuses Globex withdrawing with Northwind's quote version, and leaves Northwind's quote alone", async () => {
    const rfq = await demo.rfq(OPEN);
    const northwindQuote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfq.id)
      .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
      .select(["id", "version", "status"])
      .executeTakeFirstOrThrow();
    await expect(
      withdrawQuote(demo.as(GLOBEX_SALES, demo.now), { rfqId: rfq.id, version: northwindQuote.version }),
    ).rejects.toThrow("You have not submitted a quote, so there is nothing to withdraw.");
    const after = await t.db
      .selectFrom("quotes")
      .where("id", "=", northwindQuote.id)
      .select(["version", "status"])
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ version: northwindQuote.version, status: northwindQuote.status });
  });

  it("refuses a quote posted with another RFQ's line ids, writing nothing", async () => {
    const open = await demo.rfq(OPEN);
    const gloves = await demo.rfq(GLOVES);
    const foreign = await t.db.selectFrom("rfq_lines").where("rfq_id", "=", gloves.id).select("id").execute();
    const ownLines = await t.db.selectFrom("rfq_lines").where("rfq_id", "=", open.id).select("id").execute();
    const input = {
      lines: ownLines.map((_l, i) => ({ rfqLineId: foreign[i % foreign.length].id, unitPrice: "1.00" })),
      leadTimeDays: "5",
      notes: "",
    };
    await expect(submitQuote(demo.as(GLOBEX_SALES, demo.now), { rfqId: open.id, ...input })).rejects.toThrow(FormError);
    const globexQuotes = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", open.id)
      .where("supplier_org_id", "=", demo.orgId(GLOBEX))
      .select("id")
      .execute();
    expect(globexQuotes).toEqual([]);
  });

  it("gives the buyer's list and revision lookups no price before the deadline", async () => {
    const rfq = await demo.rfq(OPEN);
    const buyer = demo.actor(BUYER);
    const page = await listRfqPage(demo.as(BUYER), { q: "brackets" });
    expect(page.items.map((r) => r.id)).toContain(rfq.id);
    expectNoSealedAmount(page);
    // The history is the quoting organisation's own: the buyer's organisation has none.
    expect(await getOwnRevisionHistory(actingAs(t.db, buyer), { rfqId: rfq.id })).toEqual({
      quote: null,
      revisions: [],
    });
  });
});

describe("once the RFQ is closed", () => {
  it("compares both suppliers on the safety gloves and marks the lowest total", async () => {
    const gloves = await demo.rfq(GLOVES);
    expect(gloves.status).toBe("open");
    expect(gloves.closed_at).toBeNull();
    expect((await responseOf(readSealedQuotes(demo.as(BUYER), { rfqId: gloves.id }))).status).toBe(403);

    const closed = await closeDueRfqs(t.db, new Date());
    expect(closed).toContain(gloves.id);

    const { lines, columns } = await readSealedQuotes(demo.as(BUYER), { rfqId: gloves.id });
    expect(columns.map((c) => c.supplierName)).toEqual([GLOBEX, NORTHWIND]);

    // The seed's prices: Northwind 4.20 and 7.90, Globex 3.95 and 8.40, for 600 pcs and 120 boxes.
    const seeded: Record<string, string[]> = { [NORTHWIND]: ["4.20", "7.90"], [GLOBEX]: ["3.95", "8.40"] };
    const expectedTotal = (name: string) =>
      Decimal.sum(
        ...lines.map((l, i) =>
          new Decimal(l.quantity).times(seeded[name][i]).toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
        ),
      ).toFixed(2);
    expect(expectedTotal(NORTHWIND)).toBe("3468.00");
    expect(expectedTotal(GLOBEX)).toBe("3378.00");

    for (const column of columns) {
      expect(column.subtotal).toBe(expectedTotal(column.supplierName));
      expect(column.pricedLines).toBe(2);
      lines.forEach((line, i) => {
        expect(new Decimal(column.prices[line.id].unitPrice ?? "NaN").equals(seeded[column.supplierName][i])).toBe(
          true,
        );
      });
    }
    // The cheaper of the two, as the comparison built on these columns marks it.
    expect(expectedTotal(GLOBEX)).toBe("3378.00");
    expect(columns.map((c) => c.subtotal).sort()).toEqual(["3378.00", "3468.00"]);
  });

  it("still refuses a supplier the comparison, and still shows it only its own quote", async () => {
    const gloves = await demo.rfq(GLOVES);
    expect(gloves.status).toBe("closed");
    const globex = demo.actor(GLOBEX_SALES);

    expect([403, 404]).toContain(
      (await responseOf(readSealedQuotes(demo.as(GLOBEX_SALES), { rfqId: gloves.id }))).status,
    );

    const form = await getOwnQuoteForm(actingAs(t.db, globex), { rfqId: gloves.id });
    expect(form.quote?.supplier_org_id).toBe(globex.orgId);
    expect(form.revision?.subtotal).toBe("3378.00");
    const json = JSON.stringify(form);
    expect(json).not.toContain(demo.orgId(NORTHWIND));
    expect(json).not.toContain("3468");
    expect(json).not.toMatch(/"4\.20*"/);
  });

  it("opens the brackets RFQ once its deadline is reached, with Northwind alone and lowest", async () => {
    const open = await demo.rfq(OPEN);
    const later = new Date(open.deadline.getTime() + 1_000);
    expect(await closeDueRfqs(t.db, later)).toContain(open.id);

    const { columns } = await readSealedQuotes(demo.as(BUYER), { rfqId: open.id });
    expect(columns).toHaveLength(1);
    expect(columns[0]).toMatchObject({ supplierName: NORTHWIND, subtotal: "5225.00", revision: 1 });
  });

  it("writes nothing when the prices are read, however often and by whom", async () => {
    const gloves = await demo.rfq(GLOVES);
    expect(gloves.closed_at).not.toBeNull();
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("audit_events")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const today = new Date();
    for (const who of [BUYER, FINANCE, BUYER])
      for (const at of [today, new Date(today.getTime() + DAY)]) {
        const { columns } = await readSealedQuotes(demo.as(who, at), { rfqId: gloves.id });
        expect(columns.length).toBeGreaterThan(0);
        await getComparison(demo.as(who, at), { rfqId: gloves.id });
      }
    expect(await count()).toBe(before);
    expect((await auditOf(t.db, gloves.id)).some((e) => e.event === "QUOTES_COMPARED")).toBe(false);
  });
});
