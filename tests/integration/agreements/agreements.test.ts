/**
 * Agreements end to end on the models: made by hand and by an award,
 * acknowledged by the supplier, called off at the right price break, capped
 * in quantity and value (refusals with the numbers, nothing written, a race
 * of two call-offs on real Postgres), warned at 80 %, expired by the job.
 */
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { AgreementFormInput } from "../../../app/models/agreements/agreement.schema";
import { createAgreement } from "../../../app/models/agreements/agreement-draft.server";
import {
  acknowledgeAgreement,
  cancelAgreement,
  declineAgreement,
  sendAgreement,
} from "../../../app/models/agreements/agreement-lifecycle.server";
import { getAgreementPage, listAgreements } from "../../../app/models/agreements/agreement-queries.server";
import {
  expireDueAgreements,
  sendAgreementExpiryReminders,
} from "../../../app/models/agreements/agreement-schedule.server";
import { callOff } from "../../../app/models/agreements/call-off.server";
import { getCatalogue } from "../../../app/models/agreements/catalogue.server";
import { cancelPo } from "../../../app/models/ordering/supplier-answers.server";
import { submitPo } from "../../../app/models/ordering/approval.server";
import { updateDraftPo } from "../../../app/models/ordering/draft.server";
import { getPoPage } from "../../../app/models/ordering/queries.server";
import { award } from "../../../app/models/sourcing/award.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { translated } from "../../../app/i18n/config";
import { translatorFor } from "../../../app/i18n/translator";
import { FormError } from "../../../app/utils/errors";
import { TransitionRefusedError } from "../../../workflows/errors";
import {
  ACME,
  auditOf,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";

const DAY = 86_400_000;
// PGlite is one session: its row locks lock nothing against itself, so the race needs real Postgres.
const onPostgres = await postgresReachable();
let t: TestDb;
let demo: Demo;
let now: Date;
const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDb("agreements", { max: 12 });
  demo = await seededDemo(t.db);
  now = new Date();
});
afterAll(async () => {
  await t?.destroy();
});

function input(overrides: Partial<AgreementFormInput> = {}): AgreementFormInput {
  return {
    key: randomUUID(),
    supplierOrgId: demo.orgId(NORTHWIND),
    title: "Fasteners framework",
    currency: "EUR",
    validFrom: day(-10),
    validTo: day(100),
    paymentTerms: "Net 30",
    incoterm: "DAP",
    leadTimeDays: "5",
    items: [
      {
        itemName: "Hex bolt M10x40",
        specification: "ISO 4017, 8.8",
        category: "Fasteners",
        unit: "pcs",
        unitPrice: "2.00",
        quantityCap: "1000",
        priceBreaks: "100: 1.80; 500: 1.65",
      },
      {
        itemName: "Washer M10",
        specification: "",
        category: "Fasteners",
        unit: "pcs",
        unitPrice: "0.10",
        priceBreaks: "",
      },
    ],
    ...overrides,
  };
}

/** A new agreement, sent and acknowledged: in force, ready to call off. */
async function activeAgreement(overrides: Partial<AgreementFormInput> = {}) {
  const created = await createAgreement(demo.as(BUYER, now), input(overrides));
  await sendAgreement(demo.as(BUYER, now), { id: created.id, version: 1 });
  await acknowledgeAgreement(demo.as(NORTHWIND_SALES, now), { id: created.id, version: 2 });
  const items = await t.db
    .selectFrom("agreement_items")
    .where("agreement_id", "=", created.id)
    .select(["id", "item_name"])
    .orderBy("position")
    .execute();
  return { ...created, items };
}

const order = (itemIds: string[], quantities: (string | undefined)[], key = randomUUID()) => ({
  key,
  lines: itemIds.map((itemId, i) => ({ itemId, quantity: quantities[i] })),
});

/** A message as an English reader sees it: keys with values (msgWith) filled in. */
const english = (message: string) => translated(translatorFor("en"), message);

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FormError)
      return Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [k, english(v)]));
    throw error;
  }
  throw new Error("expected a FormError");
}

const callOffCount = async (agreementId: string) =>
  (await t.db.selectFrom("purchase_orders").where("agreement_id", "=", agreementId).select("id").execute()).length;

describe("agreements by hand", () => {
  it("numbers them per organisation and year, and a form posted twice makes one", async () => {
    const form = input();
    const first = await createAgreement(demo.as(BUYER, now), form);
    const again = await createAgreement(demo.as(BUYER, now), form);
    expect(again).toEqual(first);
    expect(first.number).toMatch(new RegExp(`^AGR-${now.getUTCFullYear()}-\\d{6}$`));
    const parallel = await Promise.all([1, 2, 3].map(() => createAgreement(demo.as(BUYER, now), input())));
    expect(new Set(parallel.map((p) => p.number)).size).toBe(3);
    const [audit] = await auditOf(t.db, first.id);
    expect(audit).toMatchObject({ event: "CREATE", to_state: "draft" });
  });

  it("refuses a supplier the buyer does not work with, beside the field", async () => {
    const initechOnly = await t.db
      .insertInto("organisations")
      .values({ name: "Stranger Supply", kind: "supplier" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await fieldErrorsOf(createAgreement(demo.as(BUYER, now), input({ supplierOrgId: initechOnly.id })))).toEqual(
      {
        supplierOrgId: "Choose one of your active suppliers.",
      },
    );
    expect((await responseOf(createAgreement(demo.as(FINANCE, now), input()))).status).toBe(403);
  });
});

describe("the supplier's acknowledgement", () => {
  it("is asked by mail once sent; until then the supplier does not see it; another supplier or buyer never does", async () => {
    const { id } = await createAgreement(demo.as(BUYER, now), input());
    expect((await responseOf(getAgreementPage(demo.as(NORTHWIND_SALES, now), { id }))).status).toBe(404);
    await sendAgreement(demo.as(BUYER, now), { id, version: 1 });
    const mails = await t.db
      .selectFrom("email_outbox")
      .where("to_address", "=", NORTHWIND_SALES)
      .select("subject")
      .execute();
    expect(mails.map((m) => m.subject)).toContain(
      `Agreement to acknowledge: ${(await getAgreementPage(demo.as(BUYER, now), { id })).agreement.number}`,
    );
    const page = await getAgreementPage(demo.as(NORTHWIND_SALES, now), { id });
    expect(page.can).toMatchObject({
      acknowledge: true,
      decline: true,
      callOff: false,
      send: false,
      seeCallOffs: false,
    });
    expect((await responseOf(getAgreementPage(demo.as(GLOBEX_SALES, now), { id }))).status).toBe(404);
    expect((await responseOf(getAgreementPage(demo.as(INITECH_BUYER, now), { id }))).status).toBe(404);
    expect((await responseOf(acknowledgeAgreement(demo.as(GLOBEX_SALES, now), { id, version: 2 }))).status).toBe(404);
    // The buyer may read it but not answer for the supplier.
    expect((await responseOf(acknowledgeAgreement(demo.as(BUYER, now), { id, version: 2 }))).status).toBe(403);
    expect((await listAgreements(demo.as(GLOBEX_SALES, now))).rows.map((r) => r.id)).not.toContain(id);

    await acknowledgeAgreement(demo.as(NORTHWIND_SALES, now), { id, version: 2 });
    const active = await getAgreementPage(demo.as(BUYER, now), { id });
    expect(active.agreement.status).toBe("active");
    expect(active.can).toMatchObject({ callOff: true, close: true, cancel: false, send: false });
    expect((await auditOf(t.db, id)).map((e) => e.event)).toEqual(["CREATE", "SEND", "ACKNOWLEDGE"]);
  });

  it("may be declined with a reason, and cancelled by the buyer before it is in force", async () => {
    const declined = await createAgreement(demo.as(BUYER, now), input());
    await sendAgreement(demo.as(BUYER, now), { id: declined.id, version: 1 });
    await declineAgreement(demo.as(NORTHWIND_SALES, now), { id: declined.id, version: 2, reason: "Prices expired" });
    const cancelled = await createAgreement(demo.as(BUYER, now), input());
    await cancelAgreement(demo.as(BUYER, now), { id: cancelled.id, version: 1, reason: "Made by mistake" });
    const rows = await t.db
      .selectFrom("agreements")
      .where("id", "in", [declined.id, cancelled.id])
      .select(["id", "status", "reason"])
      .execute();
    expect(rows.find((r) => r.id === declined.id)).toMatchObject({ status: "declined", reason: "Prices expired" });
    expect(rows.find((r) => r.id === cancelled.id)).toMatchObject({ status: "cancelled", reason: "Made by mistake" });
    await expect(
      callOff(demo.as(BUYER, now), { agreementId: declined.id, ...order([randomUUID()], ["1"]) }),
    ).rejects.toThrow(TransitionRefusedError);
  });
});

describe("call-offs", () => {
  it("price each line at the break its quantity earns and draft a PO that follows the approval policy", async () => {
    const uncapped = input().items.map((i) => ({ ...i, quantityCap: undefined }));
    const a = await activeAgreement({ items: uncapped });
    const [bolt, washer] = a.items.map((i) => i.id);
    const priceAt = async (quantity: string) => {
      const { poId } = await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], [quantity]) });
      return t.db
        .selectFrom("purchase_order_lines")
        .where("po_id", "=", poId)
        .select("unit_price")
        .executeTakeFirstOrThrow();
    };
    expect((await priceAt("99")).unit_price).toBe("2.0000");
    expect((await priceAt("100")).unit_price).toBe("1.8000");
    expect((await priceAt("499")).unit_price).toBe("1.8000");
    expect((await priceAt("500")).unit_price).toBe("1.6500");

    const { poId } = await callOff(demo.as(BUYER, now), {
      agreementId: a.id,
      ...order([bolt, washer], [undefined, "50"]),
    });
    const po = await t.db.selectFrom("purchase_orders").where("id", "=", poId).selectAll().executeTakeFirstOrThrow();
    expect(po).toMatchObject({
      status: "draft",
      agreement_id: a.id,
      total: "5.00",
      payment_terms: "Net 30",
      incoterm: "DAP",
    });
    expect(po.delivery_date).toBe(new Date(Date.parse(`${day(0)}T00:00:00Z`) + 5 * DAY).toISOString().slice(0, 10));
    // Below Acme's first threshold: submitted, it is approved and issued at once, as any PO would be.
    await submitPo(demo.as(BUYER, now), { id: poId, version: po.version });
    expect(
      (await t.db.selectFrom("purchase_orders").where("id", "=", poId).select("status").executeTakeFirstOrThrow())
        .status,
    ).toBe("issued");
    // The PO page names and links the agreement it calls off, for the buyer and the supplier alike.
    const named = { id: a.id, number: expect.stringMatching(/^AGR-\d{4}-\d{6}$/), title: expect.any(String) };
    expect((await getPoPage(demo.as(BUYER, now), { id: poId })).agreement).toEqual(named);
    expect((await getPoPage(demo.as(NORTHWIND_SALES, now), { id: poId })).agreement).toEqual(named);
    // Its lines belong to the agreement: a draft edit is refused.
    const second = await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([washer], ["1"]) });
    const err = await fieldErrorsOf(
      updateDraftPo(demo.as(BUYER, now), {
        id: second.poId,
        version: 1,
        supplierOrgId: demo.orgId(NORTHWIND),
        currency: "EUR",
        deliveryAddress: "Somewhere 1, Stuttgart",
        notes: "",
        lines: [
          { itemName: "Washer M10", specification: "", quantity: "100000", unit: "pcs", unitPrice: "0", taxRate: "0" },
        ],
      }),
    );
    expect(err.form).toMatch(/come from its agreement/);
    const page = await getAgreementPage(demo.as(BUYER, now), { id: a.id });
    expect(page.items[0]).toMatchObject({ consumed: "1198", quantityCap: null, remaining: null, percent: null });
  }, 30_000);

  it("refuse a quantity past the item's cap with the numbers, and write nothing", async () => {
    const a = await activeAgreement();
    const [bolt] = a.items.map((i) => i.id);
    await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["700"]) });
    const before = await callOffCount(a.id);
    const errors = await fieldErrorsOf(callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["301"]) }));
    expect(errors).toEqual({
      "lines.0.quantity": "Only 300 pcs remain under the cap of 1,000 pcs (700 ordered so far).",
    });
    expect(await callOffCount(a.id)).toBe(before);
    // Exactly the rest still fits.
    await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["300"]) });
    const page = await getAgreementPage(demo.as(BUYER, now), { id: a.id });
    expect(page.items[0]).toMatchObject({ consumed: "1000", remaining: "0", percent: 100 });
  });

  it("refuse a call-off past the value cap with the numbers; a cancelled call-off gives its share back", async () => {
    const a = await activeAgreement({ valueCap: "100.00" });
    const [, washer] = a.items.map((i) => i.id);
    const first = await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([washer], ["600"]) });
    const numbersBefore = await t.db.selectFrom("po_number_sequences").select("last_value").execute();
    const errors = await fieldErrorsOf(
      callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([washer], ["500"]) }),
    );
    expect(errors).toEqual({
      lines:
        "This call-off is worth 50.00 EUR, but only 40.00 EUR remain under the value cap of 100.00 EUR (60.00 EUR ordered so far).",
    });
    expect(await t.db.selectFrom("po_number_sequences").select("last_value").execute()).toEqual(numbersBefore);
    await cancelPo(demo.as(BUYER, now), { id: first.poId, version: 1, reason: "Ordered too many" });
    await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([washer], ["500"]) });
    const page = await getAgreementPage(demo.as(BUYER, now), { id: a.id });
    expect(page.value).toMatchObject({ cap: "100.00", consumed: "50.00", remaining: "50", percent: 50 });
    expect(page.chart.at(-1)?.cumulative).toBe("50");
  });

  it("book once when the same form is posted twice, also at the same time", async () => {
    const a = await activeAgreement();
    const form = order([a.items[1].id], ["10"]);
    const [one, two] = await Promise.all([
      callOff(demo.as(BUYER, now), { agreementId: a.id, ...form }),
      callOff(demo.as(BUYER, now), { agreementId: a.id, ...form }),
    ]);
    expect(two).toEqual(one);
    expect(await callOffCount(a.id)).toBe(1);
  });

  it.runIf(onPostgres)("race: two call-offs that together pass the cap, one is refused", async () => {
    const a = await activeAgreement();
    const bolt = a.items[0].id;
    const results = await Promise.allSettled([
      callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["600"]) }),
      callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["600"]) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(FormError);
    expect(english((refused?.reason as FormError).fieldErrors["lines.0.quantity"])).toBe(
      "Only 400 pcs remain under the cap of 1,000 pcs (600 ordered so far).",
    );
    expect(await callOffCount(a.id)).toBe(1);
  });

  it("are refused outside the dates, to another organisation (404) and to finance (403)", async () => {
    const later = await activeAgreement({ validFrom: day(5), validTo: day(50) });
    await expect(
      callOff(demo.as(BUYER, now), { agreementId: later.id, ...order([later.items[0].id], ["1"]) }),
    ).rejects.toThrow(`This agreement can be ordered from on ${day(5)} at the earliest.`);
    expect(
      (
        await responseOf(
          callOff(demo.as(INITECH_BUYER, now), { agreementId: later.id, ...order([later.items[0].id], ["1"]) }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await responseOf(
          callOff(demo.as(FINANCE, now), { agreementId: later.id, ...order([later.items[0].id], ["1"]) }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await responseOf(
          callOff(demo.as(NORTHWIND_SALES, now), { agreementId: later.id, ...order([later.items[0].id], ["1"]) }),
        )
      ).status,
    ).toBe(403);
    // An item of another agreement is not this one's.
    const other = await activeAgreement();
    const errors = await fieldErrorsOf(
      callOff(demo.as(BUYER, new Date(now.getTime() + 6 * DAY)), {
        agreementId: later.id,
        ...order([other.items[0].id], ["1"]),
      }),
    );
    expect(errors.form).toMatch(/not this agreement's/);
  });

  it("mail the buyers once when a cap reaches 80 %", async () => {
    const a = await activeAgreement({ title: "Eighty percent" });
    const bolt = a.items[0].id;
    const subjects = async () =>
      (
        await t.db
          .selectFrom("email_outbox")
          .where("subject", "like", `% consumed: ${a.number}`)
          .select("subject")
          .execute()
      ).map((m) => m.subject);
    await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["799"]) });
    expect(await subjects()).toEqual([]);
    await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["1"]) });
    expect(await subjects()).toEqual([`80% consumed: ${a.number}`]);
    await callOff(demo.as(BUYER, now), { agreementId: a.id, ...order([bolt], ["100"]) });
    expect(await subjects()).toEqual([`80% consumed: ${a.number}`]);
  });
});

describe("the scheduled job", () => {
  it("expires agreements past their last day, once, and reminds the buyers 30 days before, once", async () => {
    const ending = await activeAgreement({ title: "Ending soon", validTo: day(20) });
    const reminded = await sendAgreementExpiryReminders(t.db, now);
    expect(reminded).toContain(ending.id);
    expect(await sendAgreementExpiryReminders(t.db, now)).not.toContain(ending.id);
    const mails = await t.db
      .selectFrom("email_outbox")
      .where("subject", "=", `Ends in 20 days: ${ending.number}`)
      .select("to_address")
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual([BUYER]);

    expect(await expireDueAgreements(t.db, new Date(now.getTime() + 20 * DAY))).not.toContain(ending.id);
    const after = new Date(now.getTime() + 21 * DAY);
    expect(await expireDueAgreements(t.db, after)).toContain(ending.id);
    expect(await expireDueAgreements(t.db, after)).not.toContain(ending.id);
    const row = await t.db
      .selectFrom("agreements")
      .where("id", "=", ending.id)
      .select("status")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("expired");
    const events = await auditOf(t.db, ending.id);
    expect(events.at(-1)).toMatchObject({ event: "EXPIRE", actor_id: null, to_state: "expired" });
    await expect(
      callOff(demo.as(BUYER, after), { agreementId: ending.id, ...order([ending.items[0].id], ["1"]) }),
    ).rejects.toThrow(TransitionRefusedError);
  });
});

describe("award as agreement", () => {
  it("turns the awarded lines and prices into a draft agreement instead of a PO", async () => {
    // Its deadline has passed; the job closes it, as on the running server.
    await closeDueRfqs(t.db, now);
    const rfq = await demo.rfq("Safety gloves, Q1 supply");
    const result = await award(demo.as(BUYER, now), {
      rfqId: rfq.id,
      version: rfq.version,
      choice: { mode: "whole", supplierOrgId: demo.orgId(GLOBEX) },
      as: "agreement",
    });
    expect(result.purchaseOrders).toEqual([]);
    expect(result.agreements).toHaveLength(1);
    const page = await getAgreementPage(demo.as(BUYER, now), { id: result.agreements[0].id });
    expect(page.agreement).toMatchObject({
      status: "draft",
      rfq_id: rfq.id,
      title: "Safety gloves, Q1 supply",
      currency: "EUR",
      lead_time_days: 7,
    });
    expect(page.supplierName).toBe(GLOBEX);
    expect(page.items.map((i) => [i.itemName, i.unitPrice, i.quantityCap, i.unit])).toEqual([
      ["Cut-resistant gloves", "3.9500", "600", "pcs"],
      ["Nitrile disposable gloves", "8.4000", "120", "box"],
    ]);
    // 600 × 3.95 + 120 × 8.40
    expect(page.value.cap).toBe("3378.00");
    expect(
      (await t.db.selectFrom("rfqs").where("id", "=", rfq.id).select("status").executeTakeFirstOrThrow()).status,
    ).toBe("awarded");
    expect(await t.db.selectFrom("purchase_orders").where("rfq_id", "=", rfq.id).select("id").execute()).toEqual([]);
  });
});

describe("the catalogue", () => {
  it("shows what agreements in force offer, one price per item per agreement, searchable", async () => {
    const one = await activeAgreement({
      title: "Catalogue one",
      items: [{ ...input().items[0], itemName: "Catalogue anchor bolt" }],
    });
    const two = await activeAgreement({
      title: "Catalogue two",
      items: [{ ...input().items[0], itemName: "Catalogue anchor bolt", unitPrice: "2.10", priceBreaks: "" }],
    });
    const draft = await createAgreement(
      demo.as(BUYER, now),
      input({ items: [{ ...input().items[0], itemName: "Catalogue anchor bolt" }] }),
    );
    const found = await getCatalogue(demo.as(BUYER, now), { q: "anchor" });
    expect(found.rows.map((r) => [r.agreementId, r.unitPrice]).sort()).toEqual(
      [
        [one.id, "2.0000"],
        [two.id, "2.1000"],
      ].sort(),
    );
    expect(found.rows.map((r) => r.agreementId)).not.toContain(draft.id);
    expect(
      (await getCatalogue(demo.as(FINANCE, now), { q: "anchor", supplierOrgId: demo.orgId(GLOBEX) })).rows,
    ).toEqual([]);
    expect((await getCatalogue(demo.as(FINANCE, now), { q: "anchor", category: "Fasteners" })).rows).toHaveLength(2);
    expect((await getCatalogue(demo.as(INITECH_BUYER, now), { q: "anchor" })).rows).toEqual([]);
    expect((await getCatalogue(demo.as(NORTHWIND_SALES, now), {})).rows).toEqual([]);
    expect(demo.orgId(ACME)).toBeTruthy();
  });
});
