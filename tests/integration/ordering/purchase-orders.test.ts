/**
 * A purchase order after submission: finance rejects it with a reason and
 * the buyer revises and resubmits it (approvals start over), the supplier
 * declines one, buyer or finance cancel one before goods arrive, the buyer
 * records receipts within finance's tolerance, and approvals hold under
 * concurrency. Everything through the domain functions on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { StaleVersionError } from "../../../workflows/errors";

import { approvePo, rejectPo, revisePo } from "../../../app/models/ordering/approval.server";
import { cancelPo, declinePo } from "../../../app/models/ordering/supplier-answers.server";
import { createDirectPo, updateDraftPo } from "../../../app/models/ordering/draft.server";
import type { PoFormInput } from "../../../app/models/ordering/purchase-order.schema";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import type { RfqFormInput } from "../../../app/models/sourcing/rfq.schema";
import { FormError } from "../../../app/utils/errors";
import { TransitionRefusedError } from "../../../workflows/errors";
import {
  ACME,
  auditOf,
  BUYER,
  CONTROLLER,
  FINANCE,
  INITECH,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";

import {
  acknowledged as acknowledgedOf,
  draftPo as draftPoOf,
  ONE_LINE,
  poRow as poRowOf,
  poVersion,
  submitted as submittedOf,
} from "../../factories/purchasing";
import { englishErrors } from "../../support/english";

const onPostgres = await postgresReachable();
const concurrently = onPostgres ? "concurrently" : "one after another (pglite: a single connection, so sequential)";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("purchase_orders", { max: 24 });
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

// ---- helpers ----------------------------------------------------------------

const poRow = (id: string) => poRowOf(t.db, id);
const version = (id: string) => poVersion(t.db, id);
const outboxTo = (address: string) =>
  t.db.selectFrom("email_outbox").selectAll().where("to_address", "=", address).orderBy("created_at").execute();
const draftPo = (lines: RfqFormInput["lines"], prices: string[]) => draftPoOf(demo, lines, prices);
const submitted = (poId: string, approveBy: string[] = []) => submittedOf(demo, poId, approveBy);
const acknowledged = (poId: string) => acknowledgedOf(demo, poId);

// ---- direct creation ----------------------------------------------------------

describe("a buyer's direct PO", () => {
  const input = (overrides: Partial<PoFormInput> = {}): PoFormInput => ({
    supplierOrgId: demo.orgId(NORTHWIND),
    currency: "EUR",
    deliveryAddress: "Acme Manufacturing, Gate 3, Stuttgart",
    deliveryDate: "2027-01-15",
    paymentTerms: "Net 30",
    incoterm: "DAP",
    notes: "Deliver mornings only",
    lines: [
      {
        itemName: "Bearing 6204-2RS",
        specification: "SKF or equal",
        quantity: "200",
        unit: "pcs",
        unitPrice: "3.1250",
        taxRate: "19",
      },
      {
        itemName: "Grease cartridge",
        specification: "",
        quantity: "12",
        unit: "pcs",
        unitPrice: "8.40",
        taxRate: "19",
      },
    ],
    ...overrides,
  });

  it("numbers it, prices it in decimals, audits it, and lets the draft be edited until submitted", async () => {
    const at = new Date();
    const { poId, poNumber } = await createDirectPo(demo.as(BUYER, at), input());
    expect(poNumber).toMatch(new RegExp(`^PO-${at.getUTCFullYear()}-\\d{6}$`));
    const po = await poRow(poId);
    expect(po).toMatchObject({
      status: "draft",
      rfq_id: null,
      subtotal: "725.80",
      tax_total: "137.90",
      total: "863.70",
      payment_terms: "Net 30",
      delivery_date: "2027-01-15",
    });
    expect((await auditOf(t.db, poId)).map((e) => e.event)).toEqual(["CREATE"]);

    await updateDraftPo(demo.as(BUYER), {
      id: poId,
      ...input({
        lines: [
          {
            itemName: "Bearing 6204-2RS",
            specification: "",
            quantity: "400",
            unit: "pcs",
            unitPrice: "3.00",
            taxRate: "0",
          },
        ],
      }),
      version: po.version,
    });
    const edited = await poRow(poId);
    expect(edited).toMatchObject({ total: "1200.00", version: po.version + 1 });
    const lines = await t.db.selectFrom("purchase_order_lines").where("po_id", "=", poId).selectAll().execute();
    expect(lines.map((l) => [l.position, l.quantity, l.line_total])).toEqual([[1, "400.000", "1200.00"]]);

    await submitted(poId);
    const locked = await poRow(poId);
    await expect(updateDraftPo(demo.as(BUYER), { id: poId, ...input(), version: locked.version })).rejects.toThrow(
      "Only a draft purchase order can be edited; this one is pending approval.",
    );
    expect(await poRow(poId)).toEqual(locked);
  });

  it("refuses a supplier the buyer does not work with, next to the field, and finance (403)", async () => {
    const count = async () => (await t.db.selectFrom("purchase_orders").select("id").execute()).length;
    const before = await count();
    const refused = await createDirectPo(
      demo.as(BUYER, new Date()),
      input({ supplierOrgId: demo.orgId(INITECH) }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormError);
    expect((refused as FormError).fieldErrors).toEqual({ supplierOrgId: "Choose one of your active suppliers." });
    expect((await responseOf(createDirectPo(demo.as(FINANCE, new Date()), input()))).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

// ---- reject, revise, resubmit --------------------------------------------------

describe("finance rejects, the buyer revises and resubmits", () => {
  it("tells the buyer why by mail and on the PO, and the next submission needs approval afresh", async () => {
    const poId = await draftPo(ONE_LINE("100"), ["20.00"]); // 2000 EUR: one approval
    await submitted(poId);
    const before = await poRow(poId);
    expect(before.status).toBe("pending_approval");
    const mailsBefore = (await outboxTo(BUYER)).length;

    await rejectPo(demo.as(FINANCE, new Date()), {
      id: poId,
      version: await poVersion(t.db, poId),
      reason: "Price above framework agreement",
    });
    const rejected = await poRow(poId);
    expect(rejected.status).toBe("rejected");
    expect(rejected.reason).toBe("Price above framework agreement");
    const mails = await outboxTo(BUYER);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.at(-1)!.subject).toBe(`Rejected: ${rejected.number}`);
    expect(mails.at(-1)!.text_body).toContain("Reason: Price above framework agreement");

    // The supplier cannot see, let alone revise, a rejected PO.
    expect(
      (await responseOf(revisePo(demo.as(NORTHWIND_SALES, new Date()), { id: poId, version: rejected.version })))
        .status,
    ).toBe(404);

    await revisePo(demo.as(BUYER, new Date()), { id: poId, version: rejected.version });
    expect((await poRow(poId)).status).toBe("draft");

    await submitted(poId);
    const again = await poRow(poId);
    expect(again.status).toBe("pending_approval");
    expect(again.submission).toBe(before.submission + 1);
    // The same finance person may decide again on the new submission.
    await approvePo(demo.as(FINANCE, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    expect((await poRow(poId)).status).toBe("issued");

    const events = (await auditOf(t.db, poId)).map((e) => `${e.event}:${e.to_state}`);
    expect(events).toEqual(
      expect.arrayContaining([
        "REJECT:rejected",
        "REVISE:draft",
        "SUBMIT:pending_approval",
        "APPROVE:approved",
        "ISSUE:issued",
      ]),
    );
  });

  it("refuses to revise a PO that was not rejected, writing nothing", async () => {
    const poId = await draftPo(ONE_LINE("10"), ["20.00"]);
    const before = await poRow(poId);
    await expect(revisePo(demo.as(BUYER, new Date()), { id: poId, version: before.version })).rejects.toThrow(
      "Only a rejected purchase order can be revised; this one is a draft.",
    );
    expect(await poRow(poId)).toEqual(before);
  });
});

// ---- decline --------------------------------------------------------------------

describe("the supplier declines an issued PO", () => {
  it("needs a reason, then declines it and tells the buyer", async () => {
    const poId = await draftPo(ONE_LINE("100"), ["20.00"]);
    await submitted(poId, [FINANCE]);
    const issued = await poRow(poId);
    expect(issued.status).toBe("issued");
    const audit = (await auditOf(t.db, poId)).length;

    await expect(
      declinePo(demo.as(NORTHWIND_SALES, new Date()), { id: poId, version: issued.version, reason: "  " }),
    ).rejects.toThrow("Give a reason for declining the purchase order.");
    expect(await poRow(poId)).toEqual(issued);
    expect(await auditOf(t.db, poId)).toHaveLength(audit);

    // Another supplier does not learn the PO exists.
    expect(
      (
        await responseOf(
          declinePo(demo.as(GLOBEX_SALES, new Date()), { id: poId, version: issued.version, reason: "No" }),
        )
      ).status,
    ).toBe(404);

    const mailsBefore = (await outboxTo(BUYER)).length;
    await declinePo(demo.as(NORTHWIND_SALES, new Date()), {
      id: poId,
      version: issued.version,
      reason: "Out of stock until March",
    });
    const declined = await poRow(poId);
    expect(declined.status).toBe("declined");
    expect(declined.reason).toBe("Out of stock until March");
    const mails = await outboxTo(BUYER);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.at(-1)!.subject).toBe(`Declined by ${NORTHWIND}: ${declined.number}`);
    expect(mails.at(-1)!.text_body).toContain("Out of stock until March");
  });
});

// ---- cancel ---------------------------------------------------------------------

describe("cancelling a PO", () => {
  it("lets finance cancel an acknowledged PO with a reason, and tells the supplier", async () => {
    const poId = await draftPo(ONE_LINE("100"), ["20.00"]);
    await acknowledged(poId);
    const before = (await outboxTo(NORTHWIND_SALES)).length;
    await cancelPo(demo.as(FINANCE, new Date()), { id: poId, version: await version(poId), reason: "Project stopped" });
    const po = await poRow(poId);
    expect(po.status).toBe("cancelled");
    expect(po.reason).toBe("Project stopped");
    const mails = await outboxTo(NORTHWIND_SALES);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toBe(`Cancelled: ${po.number}`);
    expect(mails.at(-1)!.text_body).toContain("Reason: Project stopped");
  });

  it("cancels a draft without mailing the supplier, who never saw it, and refuses the supplier", async () => {
    const poId = await draftPo(ONE_LINE("10"), ["20.00"]);
    const before = (await outboxTo(NORTHWIND_SALES)).length;
    expect(
      (await responseOf(cancelPo(demo.as(NORTHWIND_SALES, new Date()), { id: poId, version: 1, reason: "x" }))).status,
    ).toBe(404);
    await cancelPo(demo.as(BUYER, new Date()), { id: poId, version: await version(poId), reason: "Duplicate order" });
    expect((await poRow(poId)).status).toBe("cancelled");
    expect(await outboxTo(NORTHWIND_SALES)).toHaveLength(before);
  });
});

// ---- receipts -------------------------------------------------------------------

describe("goods receipts", () => {
  let poId: string;
  let lineIds: string[];

  beforeAll(async () => {
    await t.db
      .updateTable("organisations")
      .set({ receipt_tolerance_percent: "5" })
      .where("id", "=", demo.orgId(ACME))
      .execute();
    poId = await draftPo(
      [
        { itemName: "Hex nut M8", specification: "ISO 4032", quantity: "100", unit: "pcs" },
        { itemName: "Washer M8", specification: "ISO 7089", quantity: "10", unit: "box" },
      ],
      ["20.00", "5.00"],
    );
    await acknowledged(poId);
    lineIds = (
      await t.db.selectFrom("purchase_order_lines").where("po_id", "=", poId).select("id").orderBy("position").execute()
    ).map((l) => l.id);
  });

  let deliveries = 0;
  const receive = async (quantities: string[]) =>
    recordReceipt(demo.as(BUYER), {
      poId,
      version: await version(poId),
      receivedOn: "2026-11-20",
      deliveryNote: `NW-${++deliveries}`,
      note: "",
      lines: quantities.map((quantity, i) => ({ poLineId: lineIds[i], quantity })),
    });
  const footprint = async () => ({
    po: await poRow(poId),
    receipts: await t.db
      .selectFrom("receipt_lines")
      .innerJoin("receipts", "receipts.id", "receipt_lines.receipt_id")
      .where("po_id", "=", poId)
      .selectAll()
      .execute(),
    audit: (await auditOf(t.db, poId)).length,
  });

  it("records a partial receipt and moves the PO to partially received", async () => {
    await receive(["60", ""]);
    expect((await poRow(poId)).status).toBe("partially_received");
    const events = await auditOf(t.db, poId);
    expect(events.at(-1)).toMatchObject({ event: "RECEIVE", to_state: "partially_received" });
  });

  it("refuses more than ordered beyond the 5% tolerance, names the line, and writes nothing", async () => {
    const before = await footprint();
    const refusal = await receive(["46", "10"]).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FormError);
    expect(englishErrors((refusal as FormError).fieldErrors)).toEqual({
      "lines.0.quantity":
        "Too many: 100 pcs ordered, 60 already received, 5% tolerance; at most 45 more can be received.",
    });
    expect(await footprint()).toEqual(before);
  });

  it("refuses a receipt with no quantities", async () => {
    await expect(receive(["", "0"])).rejects.toThrow("Enter the quantity received for at least one line.");
  });

  it("accepts up to the tolerance, moves the PO to received, and then refuses to cancel it", async () => {
    await receive(["45", "10"]);
    expect((await poRow(poId)).status).toBe("received");
    await expect(
      cancelPo(demo.as(BUYER, new Date()), { id: poId, version: await version(poId), reason: "Too late" }),
    ).rejects.toThrow(TransitionRefusedError);
  });

  it("refuses finance and the supplier (only the buyer records receipts)", async () => {
    const status = (email: string) =>
      responseOf(
        recordReceipt(demo.as(email), {
          poId,
          version: 1,
          receivedOn: "2026-11-20",
          deliveryNote: "NW-1",
          note: "",
          lines: [{ poLineId: lineIds[0], quantity: "1" }],
        }),
      ).then((r) => r.status);
    expect(await status(FINANCE)).toBe(403);
    expect(await status(NORTHWIND_SALES)).toBe(403);
  });
});

// ---- concurrency -----------------------------------------------------------------

describe("approvals under concurrency", () => {
  const run = async <T>(tasks: (() => Promise<T>)[]) => {
    if (onPostgres) return Promise.allSettled(tasks.map((task) => task()));
    const results: PromiseSettledResult<T>[] = [];
    for (const task of tasks)
      results.push(
        await task().then(
          (value) => ({ status: "fulfilled" as const, value }),
          (reason: unknown) => ({ status: "rejected" as const, reason }),
        ),
      );
    return results;
  };

  it(`records exactly one approval for fifty approve requests by the same approver, run ${concurrently}`, async () => {
    const poId = await draftPo(ONE_LINE("1000"), ["30.00"]); // 30000 EUR: two approvals
    await submitted(poId);
    expect((await poRow(poId)).required_approvals).toBe(2);
    const seen = await version(poId);
    const results = await run(
      Array.from({ length: 50 }, () => () => approvePo(demo.as(FINANCE, new Date()), { id: poId, version: seen })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect(String((r as PromiseRejectedResult).reason)).toMatch(/already approved|changed by someone else/);
    }
    const approvals = await t.db.selectFrom("approvals").where("po_id", "=", poId).selectAll().execute();
    expect(approvals).toHaveLength(1);
    expect((await poRow(poId)).status).toBe("pending_approval");
    expect((await auditOf(t.db, poId)).filter((e) => e.event === "APPROVE")).toHaveLength(1);
  });

  it(`takes one of two different approvers at once and asks the other to reload, run ${concurrently}`, async () => {
    const poId = await draftPo(ONE_LINE("1000"), ["30.00"]);
    await submitted(poId);
    // Both saw the same version; the first approval changes it, so the second is told to reload, not counted blind.
    const seen = await version(poId);
    const results = await run(
      [FINANCE, CONTROLLER].map((email) => () => approvePo(demo.as(email, new Date()), { id: poId, version: seen })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleVersionError);
    const first = await t.db.selectFrom("approvals").where("po_id", "=", poId).select("approver_id").execute();
    expect(first).toHaveLength(1);
    expect((await poRow(poId)).status).toBe("pending_approval");
    // Reloaded, the other approver's approval counts and the PO is issued.
    const other = first[0].approver_id === demo.actor(FINANCE).userId ? CONTROLLER : FINANCE;
    await approvePo(demo.as(other, new Date()), { id: poId, version: await version(poId) });
    const approvals = await t.db.selectFrom("approvals").where("po_id", "=", poId).select("approver_id").execute();
    expect(approvals.map((a) => a.approver_id).sort()).toEqual(
      [demo.actor(FINANCE).userId, demo.actor(CONTROLLER).userId].sort(),
    );
    expect((await poRow(poId)).status).toBe("issued");
  });
});
