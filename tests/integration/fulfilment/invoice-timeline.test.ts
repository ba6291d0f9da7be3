/**
 * The invoice page's history in words: submitted, disputed with the
 * differences the match found, resubmitted and matched, payments held on a
 * bank change and released, approved, paid. The holds are the buying
 * organisation's business: the supplier's page never tells them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getInvoicePage } from "../../../app/models/fulfilment/invoice-queries.server";
import { approveInvoice } from "../../../app/models/fulfilment/invoice.server";
import { recordPayment } from "../../../app/models/fulfilment/invoice-payment.server";
import { resubmitInvoice, submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { acknowledgeBankChange, holdPaymentsAfterBankChange } from "../../../app/models/shared/payment-holds.server";
import type { RfqFormInput } from "../../../app/models/sourcing/rfq.schema";
import { acknowledged, draftPo, poLineIds, receive } from "../../factories/purchasing";
import { ACME, FINANCE, NORTHWIND, NORTHWIND_SALES, seededDemo, type Demo } from "../../factories/demo";
import { english } from "../../support/english";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;
let invoiceId: string;
let firstDifferences: string[];

const LINE: RfqFormInput["lines"] = [
  { itemName: "Hex nut M8", specification: "ISO 4032", quantity: "100", unit: "pcs" },
];
const nameOf = async (email: string) =>
  (await t.db.selectFrom("users").where("email", "=", email).select("name").executeTakeFirstOrThrow()).name;
const version = async () =>
  (await t.db.selectFrom("invoices").where("id", "=", invoiceId).select("version").executeTakeFirstOrThrow()).version;

beforeAll(async () => {
  t = await createTestDb("invoice_timeline");
  demo = await seededDemo(t.db);
  const poId = await draftPo(demo, LINE, ["20.00"]);
  await acknowledged(demo, poId);
  await receive(demo, poId, ["100"]);
  const [lineId] = await poLineIds(t.db, poId);
  const submitted = await submitInvoice(demo.as(NORTHWIND_SALES, new Date()), {
    poId,
    invoiceNumber: "NW-TL-1",
    issuedOn: "2026-11-22",
    dueOn: "",
    lines: [{ poLineId: lineId, quantity: "100", unitPrice: "21.00", taxRate: "0" }],
  });
  invoiceId = submitted.invoiceId;
  firstDifferences = submitted.differences;
  await resubmitInvoice(demo.as(NORTHWIND_SALES, new Date()), {
    id: invoiceId,
    version: await version(),
    lines: [{ poLineId: lineId, quantity: "100", unitPrice: "20.00", taxRate: "0" }],
  });
  // Northwind changes its bank details: Acme's payments to it wait for finance's acknowledgement.
  const change = await t.db
    .insertInto("bank_detail_changes")
    .values({
      supplier_org_id: demo.orgId(NORTHWIND),
      account_holder: "Northwind Components GmbH",
      iban: "DE89370400440532013000",
      bic: "COBADEFFXXX",
      proposed_by: demo.actor(NORTHWIND_SALES).userId,
      proposed_at: new Date(),
      status: "confirmed",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.transaction().execute((trx) =>
    holdPaymentsAfterBankChange(trx, {
      changeId: change.id,
      actorId: demo.actor(NORTHWIND_SALES).userId,
      at: new Date(),
    }),
  );
  const hold = await t.db
    .selectFrom("bank_change_acknowledgements")
    .where("change_id", "=", change.id)
    .where("buyer_org_id", "=", demo.orgId(ACME))
    .select("id")
    .executeTakeFirstOrThrow();
  await acknowledgeBankChange(demo.as(FINANCE, new Date()), { id: hold.id });
  await approveInvoice(demo.as(FINANCE, new Date()), { id: invoiceId, version: await version(), overrideReason: "" });
  await recordPayment(demo.as(FINANCE, new Date()), {
    id: invoiceId,
    version: await version(),
    paidOn: new Date().toISOString().slice(0, 10) < "2026-11-22" ? "2026-11-22" : new Date().toISOString().slice(0, 10),
    reference: "PAY-7781",
  });
});

afterAll(async () => {
  await t?.destroy();
});

describe("an invoice's timeline", () => {
  it("tells finance every step in words, with the dispute's differences and the payment hold", async () => {
    expect(firstDifferences.length).toBeGreaterThan(0);
    const supplier = await nameOf(NORTHWIND_SALES);
    const finance = await nameOf(FINANCE);
    const page = await getInvoicePage(demo.as(FINANCE, new Date()), { id: invoiceId });
    const paidOn = page.invoice.paid_on;
    expect(page.history.map((e) => english(e.text))).toEqual([
      `${supplier} submitted invoice NW-TL-1`,
      // The timeline is still English; the stored differences are said in English there.
      `The invoice did not match the order and receipts, and is disputed: ${firstDifferences.map(english).join("; ")}`,
      `${supplier} resubmitted the invoice (revision 2)`,
      "The invoice matched the order and receipts",
      "Payments to Northwind Components were held: it changed its bank details",
      `${finance} acknowledged Northwind Components's new bank details: payments are released`,
      `${finance} approved the invoice`,
      `${finance} recorded the payment made on ${paidOn} (reference PAY-7781): the invoice is paid`,
    ]);
  });

  it("tells the supplier its invoice's steps, never the buyer's payment holds", async () => {
    const page = await getInvoicePage(demo.as(NORTHWIND_SALES, new Date()), { id: invoiceId });
    const texts = page.history.map((e) => english(e.text));
    expect(texts).toHaveLength(6);
    expect(texts.some((x) => /held|bank details|released/.test(x))).toBe(false);
    expect(texts.at(-1)).toMatch(/the invoice is paid$/);
  });
});
