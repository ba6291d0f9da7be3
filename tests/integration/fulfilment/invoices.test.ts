/**
 * Supplier invoices and the three-way match: PO price and quantity,
 * quantity received, quantity invoiced, within finance's tolerance. A
 * matched invoice waits for finance; a mismatch is disputed with each
 * difference in words; the PO becomes invoiced and then closed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { InvoiceFormInput } from "../../../app/models/fulfilment/invoice.schema";
import type { RfqFormInput } from "../../../app/models/sourcing/rfq.schema";
import { approveInvoice } from "../../../app/models/fulfilment/invoice.server";
import { listInvoices } from "../../../app/models/fulfilment/invoice-queries.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { FormError } from "../../../app/utils/errors";
import { TransitionRefusedError } from "../../../workflows/errors";
import {
  ACME,
  auditOf,
  BUYER,
  FINANCE,
  GLOBEX_SALES,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

import { acknowledged, draftPo, poLineIds, poRow, receive } from "../../factories/purchasing";
import { english, englishErrors } from "../../support/english";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("invoices");
  demo = await seededDemo(t.db);
  await t.db
    .updateTable("organisations")
    .set({ invoice_tolerance_percent: "2" })
    .where("id", "=", demo.orgId(ACME))
    .execute();
});

afterAll(async () => {
  await t?.destroy();
});

const TWO_LINES: RfqFormInput["lines"] = [
  { itemName: "Hex nut M8", specification: "ISO 4032", quantity: "100", unit: "pcs" },
  { itemName: "Washer M8", specification: "ISO 7089", quantity: "10", unit: "box" },
];

/** An acknowledged two-line PO (100 pcs at 20.00, 10 box at 5.00), received as given. */
async function orderReceived(received: string[] | null): Promise<{ poId: string; lineIds: string[] }> {
  const poId = await draftPo(demo, TWO_LINES, ["20.00", "5.00"]);
  await acknowledged(demo, poId);
  if (received) await receive(demo, poId, received);
  return { poId, lineIds: await poLineIds(t.db, poId) };
}

let invoiceCounter = 0;
function invoiceInput(
  lineIds: string[],
  lines: { quantity: string; unitPrice: string }[],
  number?: string,
): InvoiceFormInput {
  invoiceCounter += 1;
  return {
    invoiceNumber: number ?? `NW-${invoiceCounter}`,
    issuedOn: "2026-11-22",
    dueOn: "",
    lines: lines.map((l, i) => ({ poLineId: lineIds[i], taxRate: "0", ...l })),
  };
}

const asSupplier = (poId: string, input: InvoiceFormInput) =>
  submitInvoice(demo.as(NORTHWIND_SALES, new Date()), { poId, ...input });
const invoiceRow = (id: string) =>
  t.db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("three-way match", () => {
  it("matches an invoice at the PO's prices for what was received, with totals in decimals", async () => {
    const { poId, lineIds } = await orderReceived(["100", "10"]);
    const input = invoiceInput(lineIds, [
      { quantity: "100", unitPrice: "20.00" },
      { quantity: "10", unitPrice: "5.00" },
    ]);
    input.lines[0].taxRate = "19";
    input.lines[1].taxRate = "0";
    // The PO lines carry no tax, so a taxed line is a difference too.
    const taxed = await asSupplier(poId, input);
    expect(taxed.status).toBe("disputed");
    expect(taxed.differences.map(english)).toEqual([
      "Line 1 (Hex nut M8): tax rate 19% invoiced, 0% on the purchase order.",
    ]);
    const row = await invoiceRow(taxed.invoiceId);
    expect(row).toMatchObject({ subtotal: "2050.00", tax_total: "380.00", total: "2430.00", currency: "EUR" });
  });

  it("accepts a price within the 2% tolerance as matched", async () => {
    const { poId, lineIds } = await orderReceived(["100", "10"]);
    const result = await asSupplier(
      poId,
      invoiceInput(lineIds, [
        { quantity: "100", unitPrice: "20.30" },
        { quantity: "10", unitPrice: "5.00" },
      ]),
    );
    expect(result).toMatchObject({ status: "matched", differences: [] });
  });

  it("disputes a price beyond tolerance, naming the line and both prices", async () => {
    const { poId, lineIds } = await orderReceived(["100", "10"]);
    const result = await asSupplier(
      poId,
      invoiceInput(lineIds, [
        { quantity: "100", unitPrice: "21.00" },
        { quantity: "10", unitPrice: "5.00" },
      ]),
    );
    expect(result.status).toBe("disputed");
    expect(result.differences.map(english)).toEqual([
      "Line 1 (Hex nut M8): unit price 21.00 EUR invoiced, 20.00 EUR on the purchase order.",
    ]);
    expect((await invoiceRow(result.invoiceId)).differences).toEqual(result.differences);
    const audit = await auditOf(t.db, result.invoiceId);
    expect(audit.map((e) => `${e.event}:${e.to_state}`)).toEqual(["SUBMIT:submitted", "MATCH:disputed"]);
  });

  it("disputes a quantity beyond what was received and beyond what was ordered", async () => {
    const { poId, lineIds } = await orderReceived(["60", ""]);
    const result = await asSupplier(
      poId,
      invoiceInput(lineIds, [
        { quantity: "100", unitPrice: "20.00" },
        { quantity: "12", unitPrice: "5.00" },
      ]),
    );
    expect(result.status).toBe("disputed");
    expect(result.differences.map(english)).toEqual([
      "Line 1 (Hex nut M8): 100 pcs invoiced in total, 60 pcs received.",
      "Line 2 (Washer M8): 12 box invoiced in total, 10 box ordered.",
      "Line 2 (Washer M8): 12 box invoiced in total, 0 box received.",
    ]);
  });
});

describe("submitting invoices", () => {
  it("refuses an invoice number the supplier already used, next to the field, and writes nothing", async () => {
    const { poId, lineIds } = await orderReceived(["100", "10"]);
    await asSupplier(poId, invoiceInput(lineIds, [{ quantity: "50", unitPrice: "20.00" }], "NW-DUP"));
    const count = async () => (await t.db.selectFrom("invoices").select("id").execute()).length;
    const before = await count();
    const refusal = await asSupplier(
      poId,
      invoiceInput(lineIds, [{ quantity: "50", unitPrice: "20.00" }], "NW-DUP"),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FormError);
    expect(englishErrors((refusal as FormError).fieldErrors)).toEqual({
      invoiceNumber: "You already used invoice number NW-DUP; each invoice needs its own number.",
    });
    expect(await count()).toBe(before);
  });

  it("refuses a PO not yet acknowledged, another supplier (404) and the buyer (403)", async () => {
    const poId = await draftPo(demo, TWO_LINES, ["20.00", "5.00"]);
    const lineIds = await poLineIds(t.db, poId);
    const input = () => invoiceInput(lineIds, [{ quantity: "1", unitPrice: "20.00" }]);
    // Not issued: the supplier may not even see it.
    expect((await responseOf(asSupplier(poId, input()))).status).toBe(404);
    await acknowledged(demo, poId);
    expect((await responseOf(submitInvoice(demo.as(GLOBEX_SALES, new Date()), { poId, ...input() }))).status).toBe(404);
    expect((await responseOf(submitInvoice(demo.as(BUYER, new Date()), { poId, ...input() }))).status).toBe(403);
  });
});

describe("finance approves, the PO is invoiced and closed", () => {
  it("needs an override reason for a disputed invoice; closes the PO once all is received, invoiced and approved", async () => {
    const { poId, lineIds } = await orderReceived(["100", "10"]);
    const disputed = await asSupplier(
      poId,
      invoiceInput(lineIds, [
        { quantity: "100", unitPrice: "21.00" },
        { quantity: "5", unitPrice: "5.00" },
      ]),
    );
    expect((await poRow(t.db, poId)).status).toBe("received");
    const matched = await asSupplier(
      poId,
      invoiceInput(lineIds, [
        { quantity: "0", unitPrice: "20.00" },
        { quantity: "5", unitPrice: "5.00" },
      ]),
    );
    expect(matched.status).toBe("matched");
    expect((await poRow(t.db, poId)).status).toBe("invoiced");

    const finance = (id: string, overrideReason: string) =>
      invoiceRow(id).then((row) =>
        approveInvoice(demo.as(FINANCE, new Date()), { id, version: row.version, overrideReason }),
      );
    const refused = await finance(disputed.invoiceId, "  ").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormError);
    expect((await invoiceRow(disputed.invoiceId)).status).toBe("disputed");

    // The supplier cannot approve its own invoice.
    const row = await invoiceRow(matched.invoiceId);
    expect(
      (
        await responseOf(
          approveInvoice(demo.as(NORTHWIND_SALES, new Date()), {
            id: row.id,
            version: row.version,
            overrideReason: "",
          }),
        )
      ).status,
    ).toBe(403);

    await finance(matched.invoiceId, "");
    expect((await poRow(t.db, poId)).status).toBe("invoiced");
    await finance(disputed.invoiceId, "Price rise agreed by phone with the buyer");
    expect((await invoiceRow(disputed.invoiceId)).status).toBe("approved");
    expect((await poRow(t.db, poId)).status).toBe("closed");
    await expect(finance(matched.invoiceId, "")).rejects.toThrow(TransitionRefusedError);
  });

  it("lists invoices for finance and each supplier's own, filtered by status", async () => {
    const all = await listInvoices(demo.as(FINANCE));
    expect(all.length).toBeGreaterThan(0);
    const disputed = await listInvoices(demo.as(FINANCE), { status: "disputed" });
    expect(disputed.length).toBeGreaterThan(0);
    expect(disputed.every((i) => i.status === "disputed")).toBe(true);
    expect(disputed.length).toBeLessThan(all.length);
    expect(await listInvoices(demo.as(NORTHWIND_SALES))).toHaveLength(all.length);
    expect(await listInvoices(demo.as(GLOBEX_SALES))).toHaveLength(0);
  });
});
